// The signed-in shell: socket, directory (users/teams/inboxes), hash routes, header, shortcuts.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { SessionContext, useI18n, type Session } from '../context.js';
import { useHashRoute } from '../hooks/useHashRoute.js';
import { connectAgentSocket, type AgentSocket } from '../socket.js';
import type { Inbox, Presence, Team, User } from '../types.js';
import { AdminPage } from './AdminPage.js';
import { CustomersPage } from './CustomersPage.js';
import { Dialog } from './Dialog.js';
import { Header } from './Header.js';
import { InboxPage } from './InboxPage.js';
import { KbPage } from './KbPage.js';
import { RepliesPage } from './RepliesPage.js';
import { ReportsPage } from './reports/ReportsPage.js';
import { SupervisorPage } from './SupervisorPage.js';
import { Toasts, type Toast } from './Toasts.js';

interface Props {
  me: User;
  freshLogin: boolean;
  onLogout: () => void;
  onUnauthorized: () => void;
}

const isStaffPlus = (u: User) => u.role === 'supervisor' || u.role === 'admin';

function typingTarget(el: EventTarget | null): boolean {
  const h = el as HTMLElement | null;
  return !!h && (h.tagName === 'INPUT' || h.tagName === 'TEXTAREA' || h.tagName === 'SELECT' || h.isContentEditable);
}

export function Workspace({ me: initialMe, freshLogin, onLogout, onUnauthorized }: Props) {
  const { t } = useI18n();
  const [me, setMe] = useState(initialMe);
  const [users, setUsers] = useState<User[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [inboxes, setInboxes] = useState<Inbox[]>([]);
  const [socket, setSocket] = useState<AgentSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [epoch, setEpoch] = useState(0);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [help, setHelp] = useState(false);
  // After a fresh login the agent is online; on a reload we keep the away they chose.
  const [presence, setPresenceState] = useState<Presence>(!freshLogin && initialMe.presence === 'away' ? 'away' : 'online');
  const presenceRef = useRef(presence);
  const { route, navigate } = useHashRoute();
  const tRef = useRef(t);
  tRef.current = t;

  const notify = useCallback((text: string, kind: 'error' | 'info' = 'error') => {
    const id = Date.now() + Math.random();
    setToasts((ts) => [...ts.slice(-3), { id, text, kind }]);
    setTimeout(() => setToasts((ts) => ts.filter((x) => x.id !== id)), kind === 'error' ? 7000 : 4000);
  }, []);

  const refreshDirectory = useCallback(async () => {
    const [u, tm, ib] = await Promise.all([api.users(), api.teams(), api.inboxes()]);
    setUsers(u.users);
    setTeams(tm.teams);
    setInboxes(ib.inboxes);
  }, []);

  const sendPresence = useCallback((s: AgentSocket, p: Presence) => {
    s.timeout(10_000).emit('presence.set', { presence: p }, (err: Error | null, res?: { ok: boolean }) => {
      if (err || !res?.ok) notify(tRef.current('presence.failed'));
    });
  }, [notify]);

  useEffect(() => {
    void refreshDirectory().catch(() => notify(tRef.current('error.load')));
    const s = connectAgentSocket();
    let connectedBefore = false;
    s.on('connect', () => {
      setConnected(true);
      sendPresence(s, presenceRef.current);
      if (connectedBefore) setEpoch((n) => n + 1);
      connectedBefore = true;
    });
    s.on('disconnect', () => setConnected(false));
    s.on('connect_error', (err: Error) => {
      setConnected(false);
      if (err.message === 'UNAUTHENTICATED') onUnauthorized();
    });
    s.on('presence.updated', ({ userId, presence: p }) => {
      setUsers((us) => us.map((u) => (u.id === userId ? { ...u, presence: p } : u)));
      if (userId === initialMe.id && p !== 'offline') {
        presenceRef.current = p;
        setPresenceState(p);
      }
    });
    setSocket(s);
    return () => {
      s.removeAllListeners();
      s.close();
    };
  }, []);

  const changePresence = (p: Presence) => {
    presenceRef.current = p;
    setPresenceState(p);
    setMe((m) => ({ ...m, presence: p }));
    if (socket?.connected) sendPresence(socket, p);
  };

  // `/` jumps to the search box of the page, `?` shows the shortcuts.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return;
      if (e.key === '/') {
        const el = document.querySelector<HTMLInputElement>('[data-shortcut="search"]');
        if (el) {
          e.preventDefault();
          el.focus();
          el.select();
        }
      } else if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const session = useMemo<Session>(() => ({ me, users, teams, inboxes, refreshDirectory, socket, connected, epoch, notify, navigate }),
    [me, users, teams, inboxes, refreshDirectory, socket, connected, epoch, notify, navigate]);

  const page = route.page === 'supervisor' && isStaffPlus(me) ? 'supervisor' : route.page === 'reports' && isStaffPlus(me) ? 'reports' : route.page === 'admin' && me.role === 'admin' ? 'admin' : route.page === 'kb' ? 'kb' : route.page === 'customers' ? 'customers' : route.page === 'replies' ? 'replies' : 'inbox';

  return (
    <SessionContext.Provider value={session}>
      <div class="shell">
        <Header page={page} presence={presence} onPresence={changePresence} onLogout={onLogout} onHelp={() => setHelp(true)} />
        {!socket ? (
          <p class="boot">{t('app.loading')}</p>
        ) : page === 'supervisor' ? (
          <SupervisorPage />
        ) : page === 'reports' ? (
          <ReportsPage />
        ) : page === 'admin' ? (
          <AdminPage />
        ) : page === 'customers' ? (
          <CustomersPage customerId={route.customerId ?? null} />
        ) : page === 'replies' ? (
          <RepliesPage />
        ) : page === 'kb' ? (
          <KbPage articleId={route.articleId ?? null} />
        ) : (
          <InboxPage conversationId={route.conversationId} messageId={route.messageId ?? null} />
        )}
      </div>
      <Toasts toasts={toasts} onDismiss={(id) => setToasts((ts) => ts.filter((x) => x.id !== id))} />
      {help && (
        <Dialog title={t('shortcuts.title')} onClose={() => setHelp(false)}>
          <dl class="shortcuts">
            <dt><kbd>/</kbd></dt><dd>{t('shortcuts.search')}</dd>
            <dt><kbd>Ctrl</kbd> / <kbd>⌘</kbd> + <kbd>Enter</kbd></dt><dd>{t('shortcuts.send')}</dd>
            <dt><kbd>Enter</kbd></dt><dd>{t('shortcuts.open')}</dd>
            <dt><kbd>Esc</kbd></dt><dd>{t('shortcuts.close')}</dd>
            <dt><kbd>?</kbd></dt><dd>{t('shortcuts.help')}</dd>
          </dl>
        </Dialog>
      )}
    </SessionContext.Provider>
  );
}
