// The article list of the knowledge-base page: status, language and word filters over GET /api/kb/articles.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n } from '../context.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { KB_STATUSES, type KbArticleSummary, type KbStatus } from '../types.js';
import { formatTime } from '../util.js';

interface Props {
  selectedId: string | null;
  /** Bumped by the page after a save, so the list shows the new title or status. */
  reloadKey: number;
  onOpen: (id: string) => void;
}

export function KbStatusBadge({ status }: { status: KbStatus }) {
  const { t } = useI18n();
  return <span class={`badge kb-status-${status}`}>{t(`kbStatus.${status}`)}</span>;
}

export function KbList({ selectedId, reloadKey, onOpen }: Props) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<KbStatus | ''>('');
  const [language, setLanguage] = useState('');
  const [words, setWords] = useState('');
  const q = useDebounced(words.trim(), 300);
  const [articles, setArticles] = useState<KbArticleSummary[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api.kbList({ status, language, q })
      .then((r) => { if (!cancelled) { setArticles(r.articles); setFailed(false); } })
      .catch(() => !cancelled && setFailed(true));
    return () => { cancelled = true; };
  }, [status, language, q, reloadKey]);

  return (
    <aside class="pane list kb-list" aria-label={t('nav.kb')}>
      <div class="filters">
        <a class="btn primary" href="#/kb/new" data-testid="kb-new">{t('kbp.new')}</a>
        <div class="filter-row kb-filter-row">
          <label class="mini-field">{t('kbp.filterStatus')}
            <select data-testid="kb-status-filter" value={status} onChange={(e) => setStatus(e.currentTarget.value as KbStatus | '')}>
              <option value="">{t('kbp.anyStatus')}</option>
              {KB_STATUSES.map((s) => <option key={s} value={s}>{t(`kbStatus.${s}`)}</option>)}
            </select>
          </label>
          <label class="mini-field">{t('kbp.filterLanguage')}
            <select value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
              <option value="">{t('kbp.anyLanguage')}</option>
              <option value="en">{t('kbLang.en')}</option>
              <option value="zh">{t('kbLang.zh')}</option>
            </select>
          </label>
        </div>
        <label class="search"><span class="sr-only">{t('kbp.filterSearch')}</span>
          <input type="search" data-shortcut="search" maxLength={200} value={words} placeholder={t('kbp.searchPlaceholder')} onInput={(e) => setWords(e.currentTarget.value)} />
        </label>
      </div>
      {failed && <p class="form-error" role="alert">{t('error.load')}</p>}
      {!articles ? <p class="list-status">{t('kbp.loading')}</p> : <p class="list-status" aria-live="polite">{t('kbp.count', { n: articles.length })}</p>}
      {articles && !articles.length && <p class="muted empty-list">{t('kbp.empty')}</p>}
      <ul class="conv-list">
        {articles?.map((a) => (
          <li key={a.id}>
            <button type="button" data-testid="kb-item" data-article-id={a.id} class={`conv-item${a.id === selectedId ? ' selected' : ''}`}
              aria-current={a.id === selectedId ? 'true' : undefined} onClick={() => onOpen(a.id)}>
              <span class="conv-top"><span class="conv-name">{a.title}</span><time class="conv-time" dateTime={a.updatedAt}>{formatTime(a.updatedAt, lang)}</time></span>
              <span class="conv-meta"><KbStatusBadge status={a.status} /><span class="badge">{a.language.toUpperCase()}</span>
                {a.category && <span class="conv-owner">{a.category}</span>}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
