// Customer 360 extras: lifecycle stage (with the rules behind it), tags and notes (editable),
// purchases and lifetime value.
import { useState } from 'preact/hooks';
import { errorMessage, opsApi, type CustomerFull } from '../../api-ops.js';
import { useI18n, useSession } from '../../context.js';
import { formatMoney } from './money.js';

export function Lifecycle({ customer }: { customer: CustomerFull }) {
  const { t } = useI18n();
  const l = customer.lifecycle;
  if (!l) return null;
  return (
    <details class="lifecycle" data-testid="lifecycle">
      <summary>
        <span class={`badge stage stage-${l.stage}`} data-testid="lifecycle-stage">{t(`stage.${l.stage}`)}</span>
        {customer.vip && <span class="badge vip">VIP</span>}
        <span class="muted small"> {t('cust.why')}</span>
      </summary>
      <p class="small">{t('cust.reason')}: {l.reason}</p>
      <ol class="rules small">
        {l.rules.map((r) => (
          <li key={r.stage} class={r.stage === l.stage ? 'current' : ''}><strong>{t(`stage.${r.stage}`)}</strong>: {r.rule}</li>
        ))}
      </ol>
    </details>
  );
}

export function TagsNotes({ customer, onSaved }: { customer: CustomerFull; onSaved: () => void }) {
  const { t } = useI18n();
  const { notify } = useSession();
  const [tags, setTags] = useState<string[]>(customer.tags ?? []);
  const [newTag, setNewTag] = useState('');
  const [notes, setNotes] = useState(customer.notes ?? '');
  const [busy, setBusy] = useState(false);

  async function save(patch: { tags?: string[]; notes?: string | null }) {
    setBusy(true);
    try {
      await opsApi.patchCustomer(customer.id, patch);
      if (patch.tags) setTags(patch.tags);
      notify(t('cust.saved'), 'info');
      onSaved();
    } catch (err) {
      notify(`${t('action.failed')}: ${errorMessage(err, t('error.network'))}`);
    } finally {
      setBusy(false);
    }
  }
  function addTag(e: Event) {
    e.preventDefault();
    const v = newTag.trim();
    if (!v || tags.includes(v)) return setNewTag('');
    setNewTag('');
    void save({ tags: [...tags, v] });
  }

  return (
    <>
      <h3 class="sub-title">{t('cust.tags')}</h3>
      <ul class="tag-list" data-testid="customer-tags">
        {tags.map((tag) => (
          <li key={tag} class="tag">
            <span>{tag}</span>
            <button type="button" class="tag-x" disabled={busy} aria-label={t('cust.removeTag', { tag })} onClick={() => void save({ tags: tags.filter((x) => x !== tag) })}>✕</button>
          </li>
        ))}
        {tags.length === 0 && <li class="muted small">{t('cust.noTags')}</li>}
      </ul>
      <form class="inline-form" onSubmit={addTag}>
        <input data-testid="tag-input" maxLength={40} value={newTag} aria-label={t('cust.addTag')} placeholder={t('cust.addTag')} onInput={(e) => setNewTag(e.currentTarget.value)} />
        <button type="submit" class="btn secondary small" disabled={busy || !newTag.trim()}>{t('cust.add')}</button>
      </form>
      <h3 class="sub-title"><label for={`notes-${customer.id}`}>{t('cust.notes')}</label></h3>
      <textarea id={`notes-${customer.id}`} data-testid="customer-notes" class="notes" rows={3} maxLength={10_000} value={notes}
        onInput={(e) => setNotes(e.currentTarget.value)} />
      <button type="button" class="btn secondary small" data-testid="notes-save" disabled={busy || notes === (customer.notes ?? '')}
        onClick={() => void save({ notes: notes.trim() ? notes : null })}>{t('cust.saveNotes')}</button>
    </>
  );
}

export function Purchases({ customer }: { customer: CustomerFull }) {
  const { t, lang } = useI18n();
  const list = customer.purchases ?? [];
  const ltv = customer.lifetimeValue ?? [];
  return (
    <>
      <h3 class="sub-title">{t('cust.purchases', { n: customer.purchaseCount ?? list.length })}</h3>
      <p class="small" data-testid="lifetime-value">
        {t('cust.ltv')}: {ltv.length ? ltv.map((v) => formatMoney(v.amountCents, lang, v.currency)).join(' · ') : '—'}
      </p>
      {list.length > 0 && (
        <ul class="purchases small">
          {list.slice(0, 10).map((p) => (
            <li key={p.id}>
              <span class="muted">{new Date(p.purchasedAt).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB')}</span>{' '}
              <span>#{p.orderNumber}</span>{' '}
              <strong>{formatMoney(p.amountCents, lang, p.currency)}</strong>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
