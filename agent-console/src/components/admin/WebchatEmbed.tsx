// The web chat embed snippet with a copy button, and identity-secret rotation (shown once).
import { useState } from 'preact/hooks';
import { errorMessage, opsApi } from '../../api-ops.js';
import { useI18n, useSession } from '../../context.js';
import type { InboxFull } from '../../types-ops.js';

export function embedSnippet(origin: string, publicToken: string): string {
  return `<script src="${origin}/widget.js" data-inbox="${publicToken}" async></script>`;
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function WebchatEmbed({ inbox, initialSecret }: { inbox: InboxFull; initialSecret?: string }) {
  const { t } = useI18n();
  const { notify } = useSession();
  const [secret, setSecret] = useState<string | null>(initialSecret ?? null);
  const [busy, setBusy] = useState(false);
  const snippet = embedSnippet(location.origin, inbox.publicToken);

  async function rotate() {
    if (!confirm(t('ch.rotateConfirm'))) return;
    setBusy(true);
    try {
      setSecret((await opsApi.rotateSecret(inbox.id)).identitySecret);
    } catch (err) {
      notify(`${t('action.failed')}: ${errorMessage(err, t('error.network'))}`);
    } finally {
      setBusy(false);
    }
  }
  const doCopy = async (text: string) => notify(await copy(text) ? t('ch.copied') : t('ch.copyFailed'), 'info');

  return (
    <div class="embed" data-testid="webchat-embed">
      <label class="embed-label" for={`snippet-${inbox.id}`}>{t('ch.embed')}</label>
      <div class="code-row">
        <textarea id={`snippet-${inbox.id}`} class="code" readOnly rows={2} value={snippet} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="btn secondary small" data-testid="copy-snippet" onClick={() => void doCopy(snippet)}>{t('ch.copy')}</button>
      </div>
      <div class="code-row">
        <button type="button" class="btn secondary small" data-testid="rotate-secret" disabled={busy} onClick={() => void rotate()}>{t('ch.rotate')}</button>
        <span class="muted small">{t('ch.rotateHint')}</span>
      </div>
      {secret && (
        <div class="secret-once" role="status">
          <p class="small"><strong>{t('ch.secretOnce')}</strong></p>
          <div class="code-row">
            <input class="code" readOnly value={secret} data-testid="identity-secret" aria-label={t('ch.identitySecret')} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="btn secondary small" onClick={() => void doCopy(secret)}>{t('ch.copy')}</button>
            <button type="button" class="btn ghost small" onClick={() => setSecret(null)}>{t('ch.hide')}</button>
          </div>
        </div>
      )}
    </div>
  );
}
