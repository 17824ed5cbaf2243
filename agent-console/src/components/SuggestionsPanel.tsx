// Knowledge-base help: live suggestions for the conversation (suggestions.updated), a search box,
// "Insert answer" / "Insert link" into the reply box (recorded as usage), then "did it help?".
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n, useSession } from '../context.js';
import type { KbArticle, KbHit } from '../types.js';
import { Dialog } from './Dialog.js';
import { UsageFeedback } from './UsageFeedback.js';

interface Props {
  conversationId: string;
  live: KbHit[] | undefined;
  /** The customer's latest words: used to suggest something before the first live update. */
  seed: string | null;
  onInsert: (text: string) => void;
}

export function SuggestionsPanel({ conversationId, live, seed, onInsert }: Props) {
  const { t } = useI18n();
  const { notify } = useSession();
  const [seeded, setSeeded] = useState<KbHit[] | null>(null);
  const [q, setQ] = useState('');
  const [results, setResults] = useState<KbHit[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [article, setArticle] = useState<KbArticle | null>(null);
  const [used, setUsed] = useState<{ id: string; title: string } | null>(null);

  useEffect(() => {
    if (live || seeded || !seed?.trim()) return;
    let cancelled = false;
    api.kbSearch(seed.slice(0, 200), 3).then((r) => !cancelled && setSeeded(r.hits)).catch(() => undefined);
    return () => { cancelled = true; };
  }, [conversationId, seed, live]);

  async function search(e: Event) {
    e.preventDefault();
    const query = q.trim();
    if (!query) return setResults(null);
    setSearching(true);
    try {
      setResults((await api.kbSearch(query, 8)).hits);
    } catch {
      notify(t('kb.searchFailed'));
    } finally {
      setSearching(false);
    }
  }

  /** The answer as customers read it on any channel: plain text, or a link to the public help center. */
  async function insertArticle(id: string, as: 'text' | 'link', known?: KbArticle) {
    try {
      const a = known?.text !== undefined ? known : await api.kbArticle(id);
      onInsert(as === 'link' ? `${a.title}: ${location.origin}/help/${a.language}/${encodeURIComponent(a.id)}` : (a.text ?? a.body));
      setUsed({ id: a.id, title: a.title });
      api.kbUsed(a.id, conversationId).catch(() => undefined);
    } catch {
      notify(t('kb.insertFailed'));
    }
  }

  async function view(id: string) {
    try {
      setArticle(await api.kbArticle(id));
    } catch {
      notify(t('error.load'));
    }
  }

  const suggestions = live ?? seeded ?? [];
  const row = (h: KbHit) => (
    <li key={h.id} class="suggestion" data-testid="suggestion" data-article-id={h.id}>
      <div class="suggestion-title">{h.title}</div>
      <p class="suggestion-snippet">{h.snippet}</p>
      <div class="suggestion-actions">
        <button type="button" class="btn secondary small" data-testid="suggestion-insert" onClick={() => void insertArticle(h.id, 'text')}>
          {t('kb.insert')}
        </button>
        <button type="button" class="btn ghost small" data-testid="suggestion-link" onClick={() => void insertArticle(h.id, 'link')}>{t('kb.insertLink')}</button>
        <button type="button" class="btn ghost small" onClick={() => void view(h.id)}>{t('kb.view')}</button>
      </div>
    </li>
  );

  return (
    <section class="panel" aria-label={t('kb.title')}>
      <h2 class="panel-title">{t('kb.title')}</h2>
      {used && <UsageFeedback key={used.id} articleId={used.id} title={used.title} conversationId={conversationId} onDone={() => setUsed(null)} />}
      <form class="kb-search" onSubmit={search} role="search">
        <label class="sr-only" for="kb-q">{t('kb.search')}</label>
        <input id="kb-q" type="search" value={q} placeholder={t('kb.searchPlaceholder')} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit" class="btn secondary small" disabled={searching}>{t('kb.searchButton')}</button>
      </form>
      {results && (
        <>
          <h3 class="sub-title">{t('kb.results', { n: results.length })}</h3>
          {results.length ? <ul class="suggestions">{results.map(row)}</ul> : <p class="muted small">{t('kb.noResults')}</p>}
        </>
      )}
      <h3 class="sub-title">{t('kb.suggested')}</h3>
      {suggestions.length ? <ul class="suggestions">{suggestions.map(row)}</ul> : <p class="muted small">{t('kb.none')}</p>}
      {article && (
        <Dialog title={article.title} onClose={() => setArticle(null)}>
          <div class="article-body">{article.text ?? article.body}</div>
          <div class="dialog-actions">
            <button type="button" class="btn primary" onClick={() => { void insertArticle(article.id, 'text', article); setArticle(null); }}>{t('kb.insertArticle')}</button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
