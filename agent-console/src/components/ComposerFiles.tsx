// The composer's files: an attach button (a hidden file input), and one chip per pending file with
// its upload progress and a remove button.
import { useRef } from 'preact/hooks';
import { useI18n } from '../context.js';
import type { PendingFile } from '../hooks/useUploads.js';
import { size } from './Attachments.js';


export function AttachButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled: boolean }) {
  const { t } = useI18n();
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <input ref={picker} type="file" multiple hidden data-testid="attach-input"
        onChange={(e) => { onFiles([...(e.currentTarget.files ?? [])]); e.currentTarget.value = ''; }} />
      <button type="button" class="btn attach-btn" data-testid="attach-button" disabled={disabled} title={t('files.attachHint')}
        onClick={() => picker.current?.click()}>
        <svg class="attach-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M20 11.5l-7.6 7.6a5 5 0 0 1-7.1-7.1l8-8a3.3 3.3 0 0 1 4.7 4.7l-8 8a1.7 1.7 0 0 1-2.4-2.4l7.3-7.3" /></svg>
        {t('files.attach')}
      </button>
    </>
  );
}

export function PendingFiles({ files, onRemove }: { files: PendingFile[]; onRemove: (key: number) => void }) {
  const { t } = useI18n();
  if (!files.length) return null;
  return (
    <ul class="pending-files" aria-label={t('files.pending')} data-testid="pending-files">
      {files.map((f) => (
        <li key={f.key} class={`pending-file${f.error ? ' failed' : ''}`} data-testid="pending-file" data-state={f.error ? 'failed' : f.id ? 'ready' : 'uploading'}>
          <span class="pending-name">{f.name}</span>
          <span class="muted small">{size(f.size)}</span>
          {!f.id && !f.error && (
            <progress max={1} value={f.progress} aria-label={t('files.uploading', { name: f.name })} data-testid="upload-progress" />
          )}
          {f.error && <span class="form-error small" role="alert">{f.error}</span>}
          <button type="button" class="pending-remove" data-testid="pending-remove" aria-label={t('files.remove', { name: f.name })} onClick={() => onRemove(f.key)}>×</button>
        </li>
      ))}
    </ul>
  );
}
