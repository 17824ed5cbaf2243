// Shared state handed down the tree: language, the signed-in user and directory, the socket.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { translate, type Lang, type MessageKey } from './i18n.js';
import type { AgentSocket } from './socket.js';
import type { Inbox, Team, User } from './types.js';

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'en',
  t: (key, vars) => translate('en', key, vars),
  setLang: () => undefined,
});

export const useI18n = () => useContext(I18nContext);

export interface Session {
  me: User;
  users: User[];
  teams: Team[];
  inboxes: Inbox[];
  refreshDirectory: () => Promise<void>;
  socket: AgentSocket | null;
  connected: boolean;
  /** Increments on every socket reconnect, so views can catch up on what they missed. */
  epoch: number;
  notify: (text: string, kind?: 'error' | 'info') => void;
  navigate: (hash: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in workspace');
  return s;
}
