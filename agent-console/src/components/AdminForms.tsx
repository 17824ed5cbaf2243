// The two admin forms: a new agent (name, email, password, role, teams, language) and a new team.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { useI18n, useSession } from '../context.js';
import { ROLES, type Role } from '../types.js';

function errorText(err: unknown, fallback: string): string {
  if (err instanceof ApiError) return err.field ? `${err.field}: ${err.message}` : err.message;
  return fallback;
}

/** One submit flow for both forms: busy while sending, the server's error shown on failure. */
function useSubmit(action: () => Promise<void>) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorText(err, t('action.failed')));
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, submit };
}

export function CreateUserForm() {
  const { t } = useI18n();
  const { teams, refreshDirectory, notify } = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [locale, setLocale] = useState('en');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const { error, busy, submit } = useSubmit(async () => {
    await api.createUser({ name: name.trim(), email: email.trim(), password, role, teamIds, locale });
    notify(t('admin.userCreated', { name: name.trim() }), 'info');
    setName(''); setEmail(''); setPassword(''); setRole('agent'); setTeamIds([]);
    await refreshDirectory();
  });

  const toggleTeam = (id: string, on: boolean) => setTeamIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 class="card-title" id="new-user-title">{t('admin.newUser')}</h2>
      <label class="field"><span>{t('admin.name')}</span>
        <input data-testid="user-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} /></label>
      <label class="field"><span>{t('admin.email')}</span>
        <input data-testid="user-email" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} /></label>
      <label class="field"><span>{t('admin.password')}</span>
        <input data-testid="user-password" type="password" required minLength={10} autocomplete="new-password" value={password}
          onInput={(e) => setPassword(e.currentTarget.value)} />
        <small class="muted">{t('admin.passwordHint')}</small></label>
      <div class="field-row">
        <label class="field"><span>{t('admin.role')}</span>
          <select data-testid="user-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select></label>
        <label class="field"><span>{t('admin.language')}</span>
          <select value={locale} onChange={(e) => setLocale(e.currentTarget.value)}>
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select></label>
      </div>
      <fieldset class="field checks">
        <legend>{t('admin.teams')}</legend>
        {teams.map((tm) => (
          <label key={tm.id} class="check">
            <input type="checkbox" checked={teamIds.includes(tm.id)} onChange={(e) => toggleTeam(tm.id, e.currentTarget.checked)} />
            {tm.name}
          </label>
        ))}
      </fieldset>
      {error && <p class="form-error" role="alert">{error}</p>}
      <button type="submit" class="btn primary" data-testid="user-create" disabled={busy}>{t('admin.createUser')}</button>
    </form>
  );
}

export function CreateTeamForm() {
  const { t } = useI18n();
  const { refreshDirectory, notify } = useSession();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    await api.createTeam(key.trim().toLowerCase(), name.trim());
    notify(t('admin.teamCreated', { name: name.trim() }), 'info');
    setKey(''); setName('');
    await refreshDirectory();
  });

  return (
    <form class="card form" onSubmit={submit} aria-labelledby="new-team-title">
      <h2 class="card-title" id="new-team-title">{t('admin.newTeam')}</h2>
      <label class="field"><span>{t('admin.teamName')}</span>
        <input data-testid="team-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} /></label>
      <label class="field"><span>{t('admin.teamKey')}</span>
        <input data-testid="team-key" required pattern="[a-z0-9\-]{2,32}" value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        <small class="muted">{t('admin.teamKeyHint')}</small></label>
      {error && <p class="form-error" role="alert">{error}</p>}
      <button type="submit" class="btn primary" data-testid="team-create" disabled={busy}>{t('admin.createTeam')}</button>
    </form>
  );
}
