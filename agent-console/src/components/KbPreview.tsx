// Live preview of an article body, rendered by the server's renderMarkdown (POST /api/kb/preview).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n } from '../context.js';
import { useDebounced } from '../hooks/useDebounced.js';

export function KbPreview({ body }: { body: string }) {
  const { t } = useI18n();
  const settled = useDebounced(body, 400);
  const [html, setHtml] = useState('');
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!settled.trim()) return setHtml('');
    let cancelled = false;
    api.kbPreview(settled)
      .then((r) => { if (!cancelled) { setHtml(r.html); setFailed(false); } })
      .catch(() => !cancelled && setFailed(true));
    return () => { cancelled = true; };
  }, [settled]);

  return (
    <section class="kb-preview-wrap" aria-label={t('kbe.preview')}>
      <h3 class="sub-title">{t('kbe.preview')}</h3>
      {failed && <p class="form-error" role="alert">{t('error.load')}</p>}
      {html
        // Only ever the server's renderMarkdown output: raw HTML in the body arrives escaped, unsafe URLs dropped.
        ? <div class="kb-preview md" data-testid="kb-preview" dangerouslySetInnerHTML={{ __html: html }} />
        : <p class="muted small kb-preview">{t('kbe.previewEmpty')}</p>}
    </section>
  );
}
