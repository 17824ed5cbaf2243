// localStorage for the visitor token and the unsent queue, per inbox. Falls back to memory where
// storage is blocked (private modes, sandboxed frames) so the widget still works for this page view.
// The token is kept with the signed user it was issued for: a page view as another user, or with the
// signed user gone (signed out), starts a fresh visitor, so a shared browser never shows one person's
// chat to the next. An anonymous visitor who signs in keeps theirs: that chat was their own.
import { addRated, parseRated } from './csat.js';
import { dequeue, enqueue, parseQueue, type PendingMessage } from './store.js';

export interface WidgetStorage {
  /** This page view's signed user (null: anonymous); drops what a different user left behind (carriesOver). */
  useIdentity(userId: string | null): void;
  visitorToken(): string | undefined;
  setVisitorToken(token: string): void;
  /** Forgets this browser's visitor for this inbox: token, unsent messages, finished surveys (logout). */
  clear(): void;
  pending(): PendingMessage[];
  addPending(p: PendingMessage): void;
  removePending(clientMessageIds: readonly string[]): void;
  /** Conversations whose survey is finished (rated, or expired), so a reload does not ask again. */
  isRated(conversationId: string): boolean;
  markRated(conversationId: string): void;
}

type Backend = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function backend(): Backend {
  try {
    const s = window.localStorage;
    const probe = 'switchboard:probe';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    const mem = new Map<string, string>();
    return { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => void mem.set(k, v), removeItem: (k) => void mem.delete(k) };
  }
}

export interface VisitorRecord { token: string; user: string | null }

/** The stored record; a bare string is a token from before identities were kept (anonymous). */
export function parseVisitor(raw: string | null): VisitorRecord | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { t?: unknown; u?: unknown };
    if (typeof v?.t === 'string' && (v.u === null || typeof v.u === 'string')) return { token: v.t, user: v.u };
  } catch {
    // Not JSON: the old plain form.
  }
  return raw.startsWith('{') ? null : { token: raw, user: null };
}

/** Whether what was stored for `stored` may serve `current`: the same signed user, or an anonymous visitor now signing in. */
export function carriesOver(stored: string | null, current: string | null): boolean {
  return stored === null || stored === current;
}

export function createStorage(inboxToken: string): WidgetStorage {
  const s = backend();
  const tokenKey = `switchboard:visitor:${inboxToken}`;
  const pendingKey = `switchboard:pending:${inboxToken}`;
  const ratedKey = `switchboard:rated:${inboxToken}`;
  let identity: string | null = null;
  const write = (k: string, v: string) => {
    try {
      s.setItem(k, v);
    } catch {
      // Quota exceeded: the in-page state still holds the value.
    }
  };
  const clear = () => {
    for (const k of [tokenKey, pendingKey, ratedKey]) s.removeItem(k);
  };
  // Read-modify-write on each change so two tabs of the same site do not drop each other's sends.
  const pending = () => parseQueue(s.getItem(pendingKey));
  return {
    useIdentity(userId) {
      identity = userId;
      const stored = parseVisitor(s.getItem(tokenKey));
      if (stored && !carriesOver(stored.user, userId)) clear();
    },
    visitorToken: () => parseVisitor(s.getItem(tokenKey))?.token || undefined,
    setVisitorToken: (token) => write(tokenKey, JSON.stringify({ t: token, u: identity })),
    clear,
    pending,
    addPending: (p) => write(pendingKey, JSON.stringify(enqueue(pending(), p))),
    removePending: (ids) => write(pendingKey, JSON.stringify(dequeue(pending(), ids))),
    isRated: (id) => parseRated(s.getItem(ratedKey)).includes(id),
    markRated: (id) => write(ratedKey, JSON.stringify(addRated(parseRated(s.getItem(ratedKey)), id))),
  };
}
