// Sign in with email and password; the server sets the HttpOnly session cookie.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { useI18n } from '../context.js';
import type { User } from '../types.js';
import { LangSwitch } from './LangSwitch.js';

export function Login({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user } = await api.login(email.trim(), password);
      onSignedIn(user);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      setError(code === 'INVALID_CREDENTIALS' ? t('login.invalid') : code === 'RATE_LIMITED' ? t('login.rateLimited') : code === 'NETWORK' ? t('error.network') : t('login.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="login-page">
      <form class="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div class="login-brand">
          <span class="logo" aria-hidden="true">SB</span>
          <div>
            <h1 id="login-title">{t('login.title')}</h1>
            <p class="muted">{t('login.subtitle')}</p>
          </div>
        </div>
        <label class="field">
          <span>{t('login.email')}</span>
          <input data-testid="login-email" type="email" autocomplete="username" required value={email}
            onInput={(e) => setEmail(e.currentTarget.value)} autofocus />
        </label>
        <label class="field">
          <span>{t('login.password')}</span>
          <input data-testid="login-password" type="password" autocomplete="current-password" required value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error && <p class="form-error" role="alert">{error}</p>}
        <button data-testid="login-submit" type="submit" class="btn primary block" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
        <div class="login-foot">
          <LangSwitch />
        </div>
      </form>
    </div>
  );
}
