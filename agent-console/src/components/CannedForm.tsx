// Create or edit one saved reply: shortcut, title, text with variables, language, request type, and
// (new ones) who sees it. The server decides who may save where; its message is shown as it is.
import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { CANNED_SCOPES, CANNED_VARIABLES, cannedApi, type CannedInput, type CannedResponse, type CannedScope } from '../api-canned.js';
import { useI18n, useSession } from '../context.js';
import { LANGUAGES, REQUEST_TYPES } from '../../../server/routing/classifier/types.js';

interface Props { editing: CannedResponse | null; onDone: (saved: CannedResponse | null) => void }

export function CannedForm({ editing, onDone }: Props) {
  const { t } = useI18n();
  const { me, teams } = useSession();
  const scopes = CANNED_SCOPES.filter((s) => s === 'personal' || me.role !== 'agent');
  const [v, setV] = useState<CannedInput>(() => editing
    ? { shortcut: editing.shortcut, title: editing.title, body: editing.body, language: editing.language as CannedInput['language'], requestType: editing.requestType }
    : { shortcut: '', title: '', body: '', language: null, requestType: null, scope: 'personal', teamId: teams[0]?.id });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<CannedInput>) => setV((old) => ({ ...old, ...patch }));

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { scope, teamId, ...fields } = v;
      const saved = editing ? await cannedApi.update(editing.id, fields) : await cannedApi.create({ ...fields, scope, ...(scope === 'team' ? { teamId } : {}) });
      onDone(saved);
    } catch (err) {
      setError(err instanceof ApiError ? (err.field ? `${err.field}: ${err.message}` : err.message) : t('action.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card form canned-form" onSubmit={submit} aria-labelledby="canned-form-title" data-testid="canned-form">
      <h2 class="card-title" id="canned-form-title">{editing ? t('cr.edit') : t('cr.new')}</h2>
      <div class="field-row">
        <label class="field"><span>{t('cr.shortcut')}</span>
          <input required maxLength={41} value={v.shortcut} data-testid="canned-shortcut" onInput={(e) => set({ shortcut: e.currentTarget.value })} />
          <small class="muted">{t('cr.shortcutHint')}</small>
        </label>
        <label class="field"><span>{t('cr.replyTitle')}</span>
          <input required maxLength={120} value={v.title} data-testid="canned-title" onInput={(e) => set({ title: e.currentTarget.value })} />
        </label>
      </div>
      <label class="field"><span>{t('cr.body')}</span>
        <textarea required rows={4} maxLength={5000} value={v.body} data-testid="canned-body" onInput={(e) => set({ body: e.currentTarget.value })} />
        <small class="muted">{t('cr.bodyHint', { vars: CANNED_VARIABLES.map((n) => `{{${n}}}`).join(' ') })}</small>
      </label>
      <div class="field-row">
        <label class="field"><span>{t('cr.language')}</span>
          <select value={v.language ?? ''} data-testid="canned-language" onChange={(e) => set({ language: (e.currentTarget.value || null) as CannedInput['language'] })}>
            <option value="">{t('cr.anyLanguage')}</option>
            {LANGUAGES.map((l) => <option key={l} value={l}>{l === 'zh' ? '中文' : 'English'}</option>)}
          </select>
        </label>
        <label class="field"><span>{t('cr.requestType')}</span>
          <select value={v.requestType ?? ''} onChange={(e) => set({ requestType: e.currentTarget.value || null })}>
            <option value="">{t('cr.anyType')}</option>
            {REQUEST_TYPES.map((r) => <option key={r} value={r}>{t(`type.${r}`)}</option>)}
          </select>
        </label>
      </div>
      {!editing && scopes.length > 1 && (
        <div class="field-row">
          <label class="field"><span>{t('cr.scope')}</span>
            <select value={v.scope} data-testid="canned-scope" onChange={(e) => set({ scope: e.currentTarget.value as CannedScope })}>
              {scopes.map((s) => <option key={s} value={s}>{t(`cr.scope.${s}`)}</option>)}
            </select>
          </label>
          {v.scope === 'team' && (
            <label class="field"><span>{t('cr.team')}</span>
              <select value={v.teamId} onChange={(e) => set({ teamId: e.currentTarget.value })}>
                {teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
              </select>
            </label>
          )}
        </div>
      )}
      {error && <p class="form-error" role="alert">{error}</p>}
      <div class="canned-form-actions">
        <button type="submit" class="btn primary" disabled={busy} data-testid="canned-save">{editing ? t('cr.save') : t('cr.create')}</button>
        <button type="button" class="btn secondary" onClick={() => onDone(null)}>{t('cr.cancel')}</button>
      </div>
    </form>
  );
}
