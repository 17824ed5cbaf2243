// "New conversation": pick an email, SMS or WhatsApp inbox, the recipient (a known customer's
// address, or one typed), a subject for email, and the first message. The server decides what is
// allowed (opt-outs, team hours, limits); its message is shown on the field it names.
import { useMemo, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { composeApi, STARTABLE_CHANNELS } from '../api-compose.js';
import { useI18n, useSession } from '../context.js';
import type { CustomerDetail } from '../types.js';
import { Dialog } from './Dialog.js';

interface Props { customer?: Pick<CustomerDetail, 'id' | 'name' | 'email' | 'phone'>; onClose: () => void }

export function NewConversation({ customer, onClose }: Props) {
  const { t, lang } = useI18n();
  const { inboxes, navigate, notify } = useSession();
  const usable = useMemo(() => inboxes.filter((i) => STARTABLE_CHANNELS.includes(i.channel) && i.enabled !== false), [inboxes]);
  const [inboxId, setInboxId] = useState(() => usable.find((i) => i.channel === (customer?.email || !customer?.phone ? 'email' : 'sms'))?.id ?? usable[0]?.id ?? '');
  const inbox = usable.find((i) => i.id === inboxId);
  const isEmail = inbox?.channel === 'email';
  const known = customer ? (isEmail ? customer.email : customer.phone) : null;
  const [to, setTo] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const fieldError = (f: string) => (error?.field === f ? error.message : null);

  async function submit(e: Event) {
    e.preventDefault();
    if (!inbox) return;
    setBusy(true);
    setError(null);
    try {
      const recipient = known ? { customerId: customer!.id } : { to };
      const started = await composeApi.start({ inboxId, ...recipient, body, ...(isEmail ? { subject } : {}) });
      const when = started.scheduledFor ? new Date(started.scheduledFor).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' }) : null;
      notify(when ? t('nc.held', { when }) : started.created ? t('nc.started') : t('nc.continued'));
      onClose();
      navigate(`#/inbox/${encodeURIComponent(started.conversationId)}`);
    } catch (err) {
      setError(err instanceof ApiError ? { field: err.field, message: err.message } : { message: t('action.failed') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={customer ? t('nc.write') : t('nc.title')} onClose={onClose}>
      {usable.length === 0 ? <p class="muted">{t('nc.noInbox')}</p> : (
        <form class="form new-conversation" onSubmit={submit} data-testid="new-conversation">
          <label class="field"><span>{t('nc.inbox')}</span>
            <select value={inboxId} data-testid="nc-inbox" onChange={(e) => setInboxId(e.currentTarget.value)}>
              {usable.map((i) => <option key={i.id} value={i.id}>{i.name} · {t(`channel.${i.channel}`)}</option>)}
            </select>
          </label>
          {known ? (
            <p class="field nc-known"><span>{t('nc.toCustomer')}</span><span>{customer!.name ? `${customer!.name} · ` : ''}{known}</span></p>
          ) : (
            <label class="field"><span>{isEmail ? t('nc.toEmail') : t('nc.toPhone')}</span>
              {customer && <small class="muted">{t('nc.noAddress', { kind: isEmail ? t('nc.email') : t('nc.phone') })}</small>}
              <input required data-testid="nc-to" type="text" inputMode={isEmail ? 'email' : 'tel'} autoComplete="off" maxLength={320} value={to}
                aria-invalid={!!fieldError('to')} onInput={(e) => setTo(e.currentTarget.value)} />
              {fieldError('to') && <small class="field-error" role="alert">{fieldError('to')}</small>}
            </label>
          )}
          {isEmail && (
            <label class="field"><span>{t('nc.subject')}</span>
              <input required data-testid="nc-subject" maxLength={300} value={subject} aria-invalid={!!fieldError('subject')} onInput={(e) => setSubject(e.currentTarget.value)} />
            </label>
          )}
          <label class="field"><span>{t('nc.body')}</span>
            <textarea required rows={5} data-testid="nc-body" value={body} aria-invalid={!!fieldError('body')} onInput={(e) => setBody(e.currentTarget.value)} />
          </label>
          {error && error.field !== 'to' && <p class="form-error" role="alert">{error.message}</p>}
          <div class="nc-actions">
            <button type="submit" class="btn primary" data-testid="nc-send" disabled={busy || !body.trim()}>{busy ? t('nc.sending') : t('nc.send')}</button>
            <button type="button" class="btn secondary" onClick={onClose}>{t('nc.cancel')}</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
