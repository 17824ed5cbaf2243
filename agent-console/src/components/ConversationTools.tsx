// Per-conversation tools in the header: correct the classified request type, and accept a
// waiting voice call on a phone number.
import { useState } from 'preact/hooks';
import { errorMessage, opsApi } from '../api-ops.js';
import { useI18n, useSession } from '../context.js';
import type { ConversationSummary, RequestType } from '../types.js';
import { Dialog } from './Dialog.js';

const TYPES: RequestType[] = ['sales', 'support', 'complaint', 'billing'];
const E164 = /^\+[1-9]\d{6,14}$/;
const PHONE_KEY = 'sb.callNumber';

export function TypeSelect({ c, onChanged }: { c: ConversationSummary; onChanged: (c: ConversationSummary) => void }) {
  const { t } = useI18n();
  const { notify } = useSession();
  const [busy, setBusy] = useState(false);
  async function change(type: RequestType) {
    setBusy(true);
    try {
      onChanged(await opsApi.setType(c.id, type));
      notify(t('conv.typeSaved', { type: t(`type.${type}`) }), 'info');
    } catch (err) {
      notify(`${t('action.failed')}: ${errorMessage(err, t('error.network'))}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <label class="mini-field">
      <span>{t('conv.type')}</span>
      <select data-testid="type-select" value={c.type ?? ''} disabled={busy} title={t('conv.typeHint')}
        onChange={(e) => { const v = e.currentTarget.value; if (v) void change(v as RequestType); }}>
        {!c.type && <option value="">{t('conv.unclassified')}</option>}
        {TYPES.map((x) => <option key={x} value={x}>{t(`type.${x}`)}</option>)}
      </select>
    </label>
  );
}

function initialNumber(me: unknown): string {
  const own = (me as { phone?: unknown }).phone;
  if (typeof own === 'string' && own) return own;
  try {
    return localStorage.getItem(PHONE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function AcceptCall({ c }: { c: ConversationSummary }) {
  const { t } = useI18n();
  const { me, notify } = useSession();
  const [open, setOpen] = useState(false);
  const [number, setNumber] = useState(() => initialNumber(me));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (c.channel !== 'voice' || c.status === 'resolved') return null;

  async function connect(e: Event) {
    e.preventDefault();
    const n = number.replace(/[\s().-]/g, '');
    if (!E164.test(n)) return setError(t('call.badNumber'));
    setBusy(true);
    setError(null);
    try {
      await opsApi.connectCall(c.id, n);
      try { localStorage.setItem(PHONE_KEY, n); } catch { /* private mode */ }
      notify(t('call.connecting', { number: n }), 'info');
      setOpen(false);
    } catch (err) {
      setError(errorMessage(err, t('error.network')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" class="btn primary small" data-testid="accept-call" onClick={() => setOpen(true)}>
        <span aria-hidden="true">☎</span> {t('call.accept')}
      </button>
      {open && (
        <Dialog title={t('call.accept')} onClose={() => setOpen(false)}>
          <form class="form" onSubmit={connect}>
            <label class="field"><span>{t('call.number')}</span>
              <input type="tel" data-testid="call-number" required autocomplete="tel" placeholder="+14155550100" value={number}
                aria-invalid={error ? 'true' : undefined} onInput={(e) => setNumber(e.currentTarget.value)} />
              <small class="muted">{t('call.numberHint')}</small></label>
            {error && <p class="form-error" role="alert">{error}</p>}
            <div class="dialog-actions">
              <button type="submit" class="btn primary" data-testid="call-connect" disabled={busy}>{t('call.connect')}</button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
