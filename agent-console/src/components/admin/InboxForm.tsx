// Add or edit an inbox: name, language, and the channel's settings from its field list. Secrets
// are write-only: the field shows "set" when one is stored and is left out of the save when empty.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api.js';
import { errorMessage, opsApi } from '../../api-ops.js';
import { useI18n, useSession } from '../../context.js';
import type { InboxFull } from '../../types-ops.js';
import { CHANNELS, type Channel } from '../../types.js';
import { buildSettings, CHANNEL_FIELDS, formValues } from './channelFields.js';

interface Props {
  inbox: InboxFull | null;
  onSaved: (inbox: InboxFull, identitySecret?: string) => void;
  onCancel: () => void;
}

export function InboxForm({ inbox, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const { refreshDirectory } = useSession();
  const [channel, setChannel] = useState<Channel>(inbox?.channel ?? 'email');
  const [name, setName] = useState(inbox?.name ?? '');
  const [language, setLanguage] = useState(inbox?.language ?? 'en');
  const fields = CHANNEL_FIELDS[channel];
  const [values, setValues] = useState(() => formValues(inbox?.settings ?? {}, fields, channel));
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  function pickChannel(c: Channel) {
    setChannel(c);
    setValues(formValues({}, CHANNEL_FIELDS[c], c));
    setError(null);
  }

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const settings = buildSettings(inbox?.settings ?? {}, fields, values);
      const saved = inbox
        ? await opsApi.updateInbox(inbox.id, { name: name.trim(), language, settings })
        : await opsApi.createInbox({ channel, name: name.trim(), language, settings });
      await refreshDirectory().catch(() => undefined);
      onSaved(saved, 'identitySecret' in saved ? (saved as { identitySecret?: string }).identitySecret : undefined);
    } catch (err) {
      setError({ field: err instanceof ApiError ? err.field ?? null : null, text: errorMessage(err, t('action.failed')) });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (path: string) => (error?.field === `settings.${path}` || error?.field === path ? error.text : null);
  const general = error && !fields.some((f) => fieldError(f.path)) && error.field !== 'name' ? error.text : null;
  return (
    <form class="card form inbox-form" onSubmit={submit} aria-labelledby="inbox-form-title" data-testid="inbox-form">
      <h3 class="card-title" id="inbox-form-title">{inbox ? t('ch.editTitle', { name: inbox.name }) : t('ch.newTitle')}</h3>
      <div class="field-row">
        <label class="field"><span>{t('ch.channel')}</span>
          <select data-testid="inbox-channel" value={channel} disabled={!!inbox} onChange={(e) => pickChannel(e.currentTarget.value as Channel)}>
            {CHANNELS.map((c) => <option key={c} value={c}>{t(`channel.${c}`)}</option>)}
          </select></label>
        <label class="field"><span>{t('admin.language')}</span>
          <select value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select></label>
      </div>
      <label class="field"><span>{t('admin.name')}</span>
        <input data-testid="inbox-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        {error?.field === 'name' && <small class="field-error" role="alert">{error.text}</small>}</label>
      <div class="settings-grid">
        {fields.map((f) => {
          const err = fieldError(f.path);
          const secretSet = f.kind === 'secret' && inbox?.secretsSet[f.path];
          const id = `inbox-f-${f.path.replace(/\./g, '-')}`;
          if (f.kind === 'bool') {
            return (
              <label key={f.path} class="check field-check">
                <input type="checkbox" checked={values[f.path] === true} onChange={(e) => { const v = e.currentTarget.checked; setValues((cur) => ({ ...cur, [f.path]: v })); }} />
                {t(f.label)}
              </label>
            );
          }
          return (
            <div key={f.path} class="field">
              <label for={id}>{t(f.label)}{f.required && !secretSet ? ' *' : ''}
                {secretSet && <span class="badge ok secret-set" data-testid={`secret-set-${f.path}`}>{t('ch.secretSet')}</span>}</label>
              <input id={id} data-field={f.path} value={String(values[f.path] ?? '')} placeholder={secretSet ? t('ch.secretKeep') : f.placeholder}
                type={(f.kind === 'secret' ? 'password' : f.kind === 'number' ? 'number' : f.kind === 'email' ? 'email' : f.kind === 'url' ? 'url' : 'text') as 'text'}
                autocomplete={f.kind === 'secret' ? 'new-password' : 'off'} required={!!f.required && !secretSet}
                aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined}
                onInput={(e) => { const v = e.currentTarget.value; setValues((cur) => ({ ...cur, [f.path]: v })); }} />
              {err && <small class="field-error" id={`${id}-err`} role="alert">{err}</small>}
            </div>
          );
        })}
      </div>
      {channel === 'webchat' && !inbox && <p class="muted small">{t('ch.webchatNote')}</p>}
      {general && <p class="form-error" role="alert">{general}</p>}
      <div class="form-actions">
        <button type="submit" class="btn primary" data-testid="inbox-save" disabled={busy}>{inbox ? t('ch.save') : t('ch.create')}</button>
        <button type="button" class="btn secondary" onClick={onCancel}>{t('ch.cancel')}</button>
      </div>
    </form>
  );
}
