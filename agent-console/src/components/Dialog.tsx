// A modal built on the native <dialog>: focus is trapped by the browser, Esc and the backdrop close it.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { useI18n } from '../context.js';

export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (el && !el.open) el.showModal();
    return () => opener?.focus?.();
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={titleId}
      onCancel={(e) => { e.preventDefault(); onClose(); }}
      onClick={(e) => { if (e.target === ref.current) onClose(); }}>
      <div class="dialog-inner">
        <header class="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" class="btn ghost" onClick={onClose} aria-label={t('dialog.close')}>✕</button>
        </header>
        <div class="dialog-body">{children}</div>
      </div>
    </dialog>
  );
}
