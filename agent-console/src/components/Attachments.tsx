// A message's attachments: a download link each (the session cookie authorizes /api/attachments/:id)
// and an audio player for audio/* files such as voicemail.
import { useI18n } from '../context.js';
import type { StaffMessage } from '../types.js';

function size(bytes: number): string {
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
        return (
          <li key={a.id} class="attachment">
            {audio && (
              <audio controls preload="none" src={url} data-testid="attachment-audio" aria-label={t('att.play', { name: a.filename })}>
                <a href={url}>{a.filename}</a>
              </audio>
            )}
            <span class="attachment-line">
              <a href={url} download={a.filename} data-testid="attachment-link" aria-label={t('att.download', { name: a.filename })}>{a.filename}</a>
              <span class="muted"> ({size(a.size)})</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
