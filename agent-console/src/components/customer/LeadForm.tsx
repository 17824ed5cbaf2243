// One form for a lead's stage and value; with `conversations` it also picks the conversation the
// new lead comes from. Escape cancels an edit; a bad amount is named on its field.
import { useEffect, useRef, useState } from 'preact/hooks';
import { LEAD_STAGES, type LeadStage } from '../../api-customers.js';
import { useI18n } from '../../context.js';
import { centsToInput, parseMoney } from './money.js';

export interface LeadValues { stage: LeadStage; valueCents: number; conversationId?: string }

interface Props {
  idPrefix: string;
  initial: { stage: LeadStage; valueCents: number };
  conversations?: { options: { id: string; label: string }[]; initial: string };
  busy: boolean;
  submitLabel: string;
  onSubmit: (v: LeadValues) => Promise<void>;
  onCancel?: () => void;
}

export function LeadForm({ idPrefix, initial, conversations, busy, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useI18n();
  const [stage, setStage] = useState<LeadStage>(initial.stage);
  const [value, setValue] = useState(centsToInput(initial.valueCents));
  const [conversationId, setConversationId] = useState(conversations?.initial ?? '');
  const [badValue, setBadValue] = useState(false);
  const valueInput = useRef<HTMLInputElement>(null);
  // An edit opened from the keyboard continues in the value field (autofocus only works on page load).
  useEffect(() => {
    if (onCancel) valueInput.current?.focus();
  }, []);

  function submit(e: Event) {
    e.preventDefault();
    const valueCents = parseMoney(value);
    setBadValue(valueCents === null);
    if (valueCents === null) return;
    void onSubmit({ stage, valueCents, ...(conversations ? { conversationId } : {}) });
  }

  return (
    <form class="lead-form" data-testid="lead-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel?.()}>
      {conversations && (
        <div class="field">
          <label for={`${idPrefix}-conv`}>{t('lead.conversation')}</label>
          <select id={`${idPrefix}-conv`} data-testid="lead-conversation" value={conversationId} onChange={(e) => setConversationId(e.currentTarget.value)}>
            {conversations.options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
          </select>
        </div>
      )}
      <div class="field">
        <label for={`${idPrefix}-value`}>{t('lead.value')}</label>
        <input id={`${idPrefix}-value`} data-testid="lead-value-input" inputMode="decimal" value={value} maxLength={14} ref={valueInput}
          aria-invalid={badValue ? 'true' : undefined} aria-describedby={badValue ? `${idPrefix}-value-error` : undefined}
          onInput={(e) => setValue(e.currentTarget.value)} />
        {badValue && <span class="field-error" id={`${idPrefix}-value-error`} role="alert">{t('lead.badValue')}</span>}
      </div>
      <div class="field">
        <label for={`${idPrefix}-stage`}>{t('lead.stage')}</label>
        <select id={`${idPrefix}-stage`} data-testid="lead-stage-select" value={stage} onChange={(e) => setStage(e.currentTarget.value as LeadStage)}>
          {LEAD_STAGES.map((s) => <option key={s} value={s}>{t(`leadStage.${s}`)}</option>)}
        </select>
      </div>
      <div class="lead-form-actions">
        <button type="submit" class="btn primary small" data-testid="lead-submit" disabled={busy}>{submitLabel}</button>
        {onCancel && <button type="button" class="btn secondary small" disabled={busy} onClick={onCancel}>{t('lead.cancel')}</button>}
      </div>
    </form>
  );
}
