// The root: language, who is signed in, and the login screen or the workspace.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, setUnauthorizedHandler } from '../api.js';
import { I18nContext, type I18n } from '../context.js';
import { detectLang, storedLang, storeLang, translate, type Lang } from '../i18n.js';
import type { User } from '../types.js';
import { Login } from './Login.js';
import { Workspace } from './Workspace.js';

export function App() {
  const [lang, setLangState] = useState<Lang>(() => detectLang(null));
  const [me, setMe] = useState<User | null>(null);
  const [booting, setBooting] = useState(true);
  const [freshLogin, setFreshLogin] = useState(false);

  const setLang = useCallback((l: Lang) => {
    storeLang(l);
    setLangState(l);
  }, []);
  const i18n = useMemo<I18n>(() => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }), [lang, setLang]);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(lang, 'app.title');
  }, [lang]);

  const signedIn = useCallback((user: User, fresh: boolean) => {
    if (!storedLang()) setLangState(detectLang(user.locale));
    setFreshLogin(fresh);
    setMe(user);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    api.me()
      .then(({ user }) => signedIn(user, false))
      .catch(() => undefined)
      .finally(() => setBooting(false));
  }, []);

  const logout = useCallback(async () => {
    await api.logout().catch(() => undefined);
    setMe(null);
  }, []);

  return (
    <I18nContext.Provider value={i18n}>
      {booting ? (
        <p class="boot">{i18n.t('app.loading')}</p>
      ) : me ? (
        <Workspace key={me.id} me={me} freshLogin={freshLogin} onLogout={logout} onUnauthorized={() => setMe(null)} />
      ) : (
        <Login onSignedIn={(u) => signedIn(u, true)} />
      )}
    </I18nContext.Provider>
  );
}
