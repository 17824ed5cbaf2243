// Transient notices (errors from actions, info), announced to screen readers.
import { useI18n } from '../context.js';

export interface Toast {
  id: number;
  text: string;
  kind: 'error' | 'info';
}

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: number) => void }) {
  const { t } = useI18n();
  return (
    <div class="toasts" role="status" aria-live="polite">
      {toasts.map((x) => (
        <div key={x.id} class={`toast ${x.kind}`}>
          <span>{x.text}</span>
          <button type="button" class="btn ghost small" onClick={() => onDismiss(x.id)} aria-label={t('dialog.close')}>✕</button>
        </div>
      ))}
    </div>
  );
}
