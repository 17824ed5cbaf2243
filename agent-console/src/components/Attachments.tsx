// A message's attachments: a download link each (the session cookie authorizes /api/attachments/:id)
// and an audio player for audio/* files such as voicemail; images are previewed inline, and an agent's
// files show their own delivery (sent, sent as a link, not delivered).
import { useI18n } from '../context.js';
import { INLINE_IMAGE_TYPES } from '../../../server/attachments/limits.js';
import type { StaffMessage } from '../types.js';

export function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function Attachments({ items }: { items: StaffMessage['attachments'] }) {
  const { t } = useI18n();
  if (!items.length) return null;
  return (
    <ul class="attachments" aria-label={t('att.label')} data-testid="attachments">
      {items.map((a) => {
        const url = `/api/attachments/${encodeURIComponent(a.id)}`;
        const audio = a.contentType.toLowerCase().startsWith('audio/');
        const image = INLINE_IMAGE_TYPES.has(a.contentType.toLowerCase());
        return (
          <li key={a.id} class="attachment">
            {audio && (
              <audio controls preload="none" src={url} data-testid="attachment-audio" aria-label={t('att.play', { name: a.filename })}>
                <a href={url}>{a.filename}</a>
              </audio>
            )}
            {image && (
              <a href={url} target="_blank" rel="noopener noreferrer">
                <img class="attachment-preview" src={url} alt={t('files.preview', { name: a.filename })} loading="lazy" data-testid="attachment-image" />
              </a>
            )}
            <span class="attachment-line">
              <a href={url} download={a.filename} data-testid="attachment-link" aria-label={t('att.download', { name: a.filename })}>{a.filename}</a>
              <span class="muted"> ({size(a.size)})</span>
              {a.deliveryStatus && a.deliveryStatus !== 'sent' && (
                <span class={`attachment-status ${a.deliveryStatus}`} data-testid="attachment-status" title={a.deliveryError ?? undefined}>
                  {t(`files.status.${a.deliveryStatus}`)}{a.deliveryError ? `: ${a.deliveryError}` : ''}
                </span>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
