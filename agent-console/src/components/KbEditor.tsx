// The article editor: fields, a live preview, the status buttons this user may press, and the versions.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { useI18n, useSession } from '../context.js';
import type { KbArticle, KbArticleInput, KbStatus } from '../types.js';
import { formatTime } from '../util.js';
import { KbHistory } from './KbHistory.js';
import { KbStatusBadge } from './KbList.js';
import { KbPreview } from './KbPreview.js';
import { KbWorkflow } from './KbWorkflow.js';

interface Props {
  /** null for a new article. */
  id: string | null;
  requireReview: boolean;
  onSaved: (a: KbArticle) => void;
}

interface Form { title: string; body: string; tags: string; language: 'en' | 'zh'; category: string }

const EMPTY: Form = { title: '', body: '', tags: '', language: 'en', category: '' };
const toForm = (a: KbArticle): Form => ({ title: a.title, body: a.body, tags: a.tags.join(', '), language: a.language, category: a.category ?? '' });
const toInput = (f: Form): KbArticleInput => ({
  title: f.title.trim(), body: f.body, tags: f.tags.split(',').map((s) => s.trim()).filter(Boolean), language: f.language, category: f.category.trim() || null,
});

export function KbEditor({ id, requireReview, onSaved }: Props) {
  const { t, lang } = useI18n();
  const { me, notify } = useSession();
  const [article, setArticle] = useState<KbArticle | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [loading, setLoading] = useState(id !== null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!id) return;
    api.kbArticle(id)
      .then((a) => { setArticle(a); setForm(toForm(a)); })
      .catch(() => setError(t('error.load')))
      .finally(() => setLoading(false));
  }, [id]);

  // Agents propose changes to live text by asking a reviewer to unpublish; the server enforces the same rule.
  const readOnly = !!article && (article.status === 'published' || article.status === 'archived') && me.role === 'agent';
  const dirty = article ? JSON.stringify(toForm(article)) !== JSON.stringify(form) : form.title !== '' || form.body !== '';
  const set = (key: keyof Form) => (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement).value;
    setForm((f) => ({ ...f, [key]: value }));
  };

  async function save(status?: KbStatus) {
    setBusy(true);
    setError(null);
    try {
      const change = { ...(readOnly ? {} : toInput(form)), ...(status ? { status } : {}) };
      const saved = article ? await api.kbUpdate(article.id, change) : await api.kbCreate({ ...toInput(form), ...(status ? { status } : {}) });
      setArticle(saved);
      setForm(toForm(saved));
      notify(status ? t('kbw.done', { status: t(`kbStatus.${saved.status}`) }) : t('kbe.saved'), 'info');
      onSaved(saved);
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 0 ? err.message : t('action.failed'));
    } finally {
      setBusy(false);
    }
  }

  if (loading) return <p class="muted">{t('conversation.loading')}</p>;
  return (
    <>
      <section class="card kb-editor" aria-labelledby="kb-editor-title" data-testid="kb-editor">
        <div class="kb-editor-head">
          <h2 class="card-title" id="kb-editor-title">{article ? article.title : t('kbe.newTitle')}</h2>
          {article && <KbStatusBadge status={article.status} />}
          {dirty && <span class="badge kb-dirty">{t('kbe.unsaved')}</span>}
        </div>
        {article && (
          <p class="muted small kb-meta">
            {t('kbe.meta', { version: article.version, time: formatTime(article.updatedAt, lang) })} · {t('kbe.counters', { views: article.views, helpful: article.helpful, notHelpful: article.notHelpful, usage: article.usage })}
            {article.status === 'published' && <> · <a href={`/help/${article.language}/${encodeURIComponent(article.id)}`} target="_blank" rel="noopener">{t('kbe.viewPublic')}</a></>}
          </p>
        )}
        {readOnly && <p class="banner kb-readonly">{t('kbe.readOnly')}</p>}
        {error && <p class="form-error" role="alert">{error}</p>}
        <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <fieldset class="kb-fields" disabled={readOnly}>
            <label class="field"><span>{t('kbe.title')}</span>
              <input data-testid="kb-title" required maxLength={200} value={form.title} onInput={set('title')} /></label>
            <div class="kb-edit-grid">
              <label class="field"><span>{t('kbe.body')}</span>
                <textarea data-testid="kb-body" required rows={16} maxLength={100_000} value={form.body} onInput={set('body')} /></label>
              <KbPreview body={form.body} />
            </div>
            <div class="kb-field-row">
              <label class="field"><span>{t('kbe.language')}</span>
                <select data-testid="kb-language" value={form.language} onChange={set('language')}>
                  <option value="en">{t('kbLang.en')}</option>
                  <option value="zh">{t('kbLang.zh')}</option>
                </select></label>
              <label class="field"><span>{t('kbe.category')}</span>
                <input data-testid="kb-category" maxLength={100} value={form.category} onInput={set('category')} /></label>
              <label class="field"><span>{t('kbe.tags')}</span>
                <input data-testid="kb-tags" value={form.tags} onInput={set('tags')} aria-describedby="kb-tags-hint" />
                <small class="muted" id="kb-tags-hint">{t('kbe.tagsHint')}</small></label>
            </div>
          </fieldset>
          <div class="kb-actions">
            {!readOnly && <button type="submit" class="btn primary" data-testid="kb-save" disabled={busy}>{busy ? t('kbe.saving') : t('kbe.save')}</button>}
            <KbWorkflow status={article?.status ?? null} authorId={article?.authorId ?? me.id} requireReview={requireReview} busy={busy} onMove={(to) => void save(to)} />
          </div>
        </form>
      </section>
      {article && <KbHistory id={article.id} reloadKey={`${article.version}:${article.status}`} onLoad={(v) => setForm((f) => ({ ...f, title: v.title, body: v.body }))} />}
    </>
  );
}
