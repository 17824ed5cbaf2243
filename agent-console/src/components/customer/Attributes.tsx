// Custom attributes on the profile: add, edit and remove flat key/value pairs. The PATCH replaces the
// whole map, so every save sends the attributes as last loaded plus this one change.
import { useEffect, useRef, useState } from 'preact/hooks';
import { customersApi, type AttributeValue } from '../../api-customers.js';
import { ApiError } from '../../api.js';
import { errorMessage } from '../../api-ops.js';
import { useI18n, useSession } from '../../context.js';
import type { MessageKey } from '../../i18n.js';

const KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_VALUE = 1000;
const MAX_ATTRIBUTES = 100;

/** Only flat values are editable; anything else from an import is shown as JSON and kept as-is. */
function asAttributes(raw: unknown): Record<string, AttributeValue> {
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, AttributeValue>) : {};
}
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export function Attributes({ customerId, attributes, onSaved }: { customerId: string; attributes: unknown; onSaved: () => void }) {
  const { t } = useI18n();
  const { notify } = useSession();
  const current = asAttributes(attributes);
  const [editing, setEditing] = useState<string | null>(null);
  const [editValue, setEditValue] = useState('');
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  const [error, setError] = useState<{ where: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const keyInput = useRef<HTMLInputElement>(null);
  const section = useRef<HTMLElement>(null);
  const editInput = useRef<HTMLInputElement>(null);
  // Opening an edit moves focus into its field (autofocus only works on page load).
  useEffect(() => {
    if (editing !== null) editInput.current?.focus();
  }, [editing]);
  // Where keyboard focus goes once an edit closes: back to that row's Edit button.
  const [refocus, setRefocus] = useState<string | null>(null);
  useEffect(() => {
    if (refocus === null || editing !== null) return;
    const row = [...(section.current?.querySelectorAll<HTMLElement>('[data-testid="attr-row"]') ?? [])].find((el) => el.dataset.key === refocus);
    row?.querySelector<HTMLButtonElement>('[data-testid="attr-edit"]')?.focus();
    setRefocus(null);
  }, [refocus, editing, attributes]);

  async function save(next: Record<string, AttributeValue>, where: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await customersApi.saveAttributes(customerId, next);
      notify(t('attr.saved'), 'info');
      onSaved();
      return true;
    } catch (err) {
      // The server names the bad field ("attributes.plan: ..."): show it where the agent typed.
      const text = err instanceof ApiError && err.status === 400 ? err.message : `${t('action.failed')}: ${errorMessage(err, t('error.network'))}`;
      setError({ where, text });
      return false;
    } finally {
      setBusy(false);
    }
  }
  const invalid = (where: string, key: MessageKey) => void setError({ where, text: t(key) });

  async function add(e: Event) {
    e.preventDefault();
    const key = newKey.trim();
    if (!KEY.test(key)) return invalid('new', 'attr.badKey');
    if (key in current) return invalid('new', 'attr.exists');
    if (newValue.length > MAX_VALUE) return invalid('new', 'attr.tooLong');
    if (Object.keys(current).length >= MAX_ATTRIBUTES) return invalid('new', 'attr.tooMany');
    if (await save({ ...current, [key]: newValue }, 'new')) {
      setNewKey('');
      setNewValue('');
      keyInput.current?.focus();
    }
  }
  async function saveEdit(e: Event, key: string) {
    e.preventDefault();
    if (editValue.length > MAX_VALUE) return invalid(key, 'attr.tooLong');
    if (await save({ ...current, [key]: editValue }, key)) close(key);
  }
  function close(key: string) {
    setEditing(null);
    setRefocus(key);
  }
  function remove(key: string) {
    const { [key]: _removed, ...rest } = current;
    void save(rest, key).then((ok) => ok && keyInput.current?.focus());
  }
  function startEdit(key: string) {
    setError(null);
    setEditing(key);
    setEditValue(show(current[key]));
  }

  const errorFor = (where: string) => error?.where === where && <span class="field-error" role="alert" data-testid="attr-error">{error.text}</span>;
  const keys = Object.keys(current).sort();
  return (
    <section ref={section} class="attributes" aria-labelledby={`attr-title-${customerId}`} data-testid="customer-attributes">
      <h3 class="sub-title" id={`attr-title-${customerId}`}>{t('attr.title')}</h3>
      {keys.length === 0 && <p class="muted small">{t('attr.none')}</p>}
      <dl class="attr-list">
        {keys.map((key) => (
          <div key={key} class="attr-row" data-testid="attr-row" data-key={key}>
            <dt class="attr-key">{key}</dt>
            {editing === key ? (
              <dd>
                <form class="inline-form" onSubmit={(e) => void saveEdit(e, key)} onKeyDown={(e) => e.key === 'Escape' && close(key)}>
                  <input data-testid="attr-edit-value" value={editValue} maxLength={MAX_VALUE} aria-label={t('attr.valueOf', { key })} ref={editInput}
                    aria-invalid={error?.where === key ? 'true' : undefined} onInput={(e) => setEditValue(e.currentTarget.value)} />
                  <button type="submit" class="btn secondary small" data-testid="attr-edit-save" disabled={busy}>{t('attr.save')}</button>
                  <button type="button" class="btn secondary small" disabled={busy} onClick={() => close(key)}>{t('attr.cancel')}</button>
                </form>
                {errorFor(key)}
              </dd>
            ) : (
              <dd>
                <span class="attr-value" data-testid="attr-value">{show(current[key])}</span>
                <span class="attr-actions">
                  <button type="button" class="btn secondary small" data-testid="attr-edit" disabled={busy} aria-label={t('attr.editLabel', { key })} onClick={() => startEdit(key)}>{t('attr.edit')}</button>
                  <button type="button" class="btn secondary small" data-testid="attr-remove" disabled={busy} aria-label={t('attr.removeLabel', { key })} onClick={() => remove(key)}>{t('attr.remove')}</button>
                </span>
                {errorFor(key)}
              </dd>
            )}
          </div>
        ))}
      </dl>
      <form class="inline-form attr-add" onSubmit={(e) => void add(e)} aria-label={t('attr.add')}>
        <input ref={keyInput} data-testid="attr-new-key" value={newKey} maxLength={64} aria-label={t('attr.key')} placeholder={t('attr.key')}
          aria-invalid={error?.where === 'new' ? 'true' : undefined} onInput={(e) => setNewKey(e.currentTarget.value)} />
        <input data-testid="attr-new-value" value={newValue} maxLength={MAX_VALUE} aria-label={t('attr.value')} placeholder={t('attr.value')} onInput={(e) => setNewValue(e.currentTarget.value)} />
        <button type="submit" class="btn secondary small" data-testid="attr-add" disabled={busy || !newKey.trim()}>{t('attr.add')}</button>
      </form>
      {errorFor('new')}
    </section>
  );
}
