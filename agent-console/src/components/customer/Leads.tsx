// The customer's leads (sales opportunities): listed on the profile, created from one of their
// conversations (the one open, else a pre-sales one), and moved through stages or re-valued inline.
import { useEffect, useRef, useState } from 'preact/hooks';
import { customersApi, type Lead } from '../../api-customers.js';
import { errorMessage } from '../../api-ops.js';
import { useI18n, useSession } from '../../context.js';
import type { ConversationSummary } from '../../types.js';
import { formatTime } from '../../util.js';
import { LeadForm } from './LeadForm.js';
import { formatMoney } from './money.js';

interface Props {
  leads: Lead[];
  conversations: ConversationSummary[];
  /** The conversation on screen, if any: a new lead defaults to it. */
  currentId: string;
  onSaved: () => void;
}

function defaultConversation(conversations: ConversationSummary[], currentId: string): string {
  if (conversations.some((c) => c.id === currentId)) return currentId;
  return (conversations.find((c) => c.type === 'sales') ?? conversations[0])?.id ?? '';
}

export function Leads({ leads, conversations, currentId, onSaved }: Props) {
  const { t, lang } = useI18n();
  const { notify } = useSession();
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  // A closed edit hands keyboard focus back to that lead's Edit button.
  const [refocus, setRefocus] = useState<string | null>(null);
  useEffect(() => {
    if (!refocus || editing) return;
    const row = [...(list.current?.querySelectorAll<HTMLElement>('[data-testid="lead-row"]') ?? [])].find((el) => el.dataset.leadId === refocus);
    row?.querySelector<HTMLButtonElement>('[data-testid="lead-edit"]')?.focus();
    setRefocus(null);
  }, [refocus, editing, leads]);
  const close = (id: string) => {
    setEditing(null);
    setRefocus(id);
  };

  async function run(action: () => Promise<unknown>, done: string): Promise<boolean> {
    setBusy(true);
    try {
      await action();
      notify(done, 'info');
      onSaved();
      return true;
    } catch (err) {
      notify(`${t('action.failed')}: ${errorMessage(err, t('error.network'))}`);
      return false;
    } finally {
      setBusy(false);
    }
  }
  const label = (c: ConversationSummary) => [
    t(`channel.${c.channel}`),
    c.type === 'sales' ? t('lead.presales') : c.type ? t(`type.${c.type}`) : null,
    (c.subject ?? c.lastMessage?.body ?? '').slice(0, 40) || null,
    formatTime(c.lastMessageAt, lang),
  ].filter(Boolean).join(' · ');

  return (
    <section class="leads" aria-labelledby="leads-title" data-testid="customer-leads">
      <h3 class="sub-title" id="leads-title">{t('lead.title', { n: leads.length })}</h3>
      {leads.length === 0 && <p class="muted small">{t('lead.none')}</p>}
      <ul class="lead-list" ref={list}>
        {leads.map((l) => (
          <li key={l.id} class="lead" data-testid="lead-row" data-lead-id={l.id} data-stage={l.stage}>
            {editing === l.id ? (
              <LeadForm idPrefix={`lead-${l.id}`} initial={{ stage: l.stage, valueCents: l.valueCents }} busy={busy} submitLabel={t('lead.save')}
                onCancel={() => close(l.id)}
                onSubmit={async (v) => { if (await run(() => customersApi.updateLead(l.id, v), t('lead.saved'))) close(l.id); }} />
            ) : (
              <>
                <span class={`badge lead-stage lead-${l.stage}`} data-testid="lead-stage">{t(`leadStage.${l.stage}`)}</span>
                <strong class="lead-value" data-testid="lead-value">{formatMoney(l.valueCents, lang)}</strong>
                <span class="muted small">{t('lead.since', { date: formatTime(l.createdAt, lang) })}</span>
                <button type="button" class="btn secondary small" data-testid="lead-edit" disabled={busy}
                  aria-label={t('lead.editLabel', { stage: t(`leadStage.${l.stage}`), value: formatMoney(l.valueCents, lang) })} onClick={() => setEditing(l.id)}>
                  {t('lead.edit')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <details class="lead-new" data-testid="lead-new">
        <summary>{t('lead.new')}</summary>
        {conversations.length === 0 ? <p class="muted small">{t('lead.needsConversation')}</p> : (
          <LeadForm key={`new-${leads.length}`} idPrefix="lead-new" initial={{ stage: 'new', valueCents: 0 }} busy={busy} submitLabel={t('lead.create')}
            conversations={{ options: conversations.map((c) => ({ id: c.id, label: label(c) })), initial: defaultConversation(conversations, currentId) }}
            onSubmit={async (v) => { await run(() => customersApi.createLead({ conversationId: v.conversationId!, valueCents: v.valueCents, stage: v.stage }), t('lead.created')); }} />
        )}
      </details>
    </section>
  );
}
