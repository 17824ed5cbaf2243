// localStorage for the visitor token and the unsent queue, per inbox. Falls back to memory where
// storage is blocked (private modes, sandboxed frames) so the widget still works for this page view.
import { addRated, parseRated } from './csat.js';
import { dequeue, enqueue, parseQueue, type PendingMessage } from './store.js';

export interface WidgetStorage {
  visitorToken(): string | undefined;
  setVisitorToken(token: string): void;
  pending(): PendingMessage[];
  addPending(p: PendingMessage): void;
  removePending(clientMessageIds: readonly string[]): void;
  /** Conversations whose survey is finished (rated, or expired), so a reload does not ask again. */
  isRated(conversationId: string): boolean;
  markRated(conversationId: string): void;
}

function backend(): Pick<Storage, 'getItem' | 'setItem'> {
  try {
    const s = window.localStorage;
    const probe = 'switchboard:probe';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    const mem = new Map<string, string>();
    return { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => void mem.set(k, v) };
  }
}

export function createStorage(inboxToken: string): WidgetStorage {
  const s = backend();
  const tokenKey = `switchboard:visitor:${inboxToken}`;
  const pendingKey = `switchboard:pending:${inboxToken}`;
  const ratedKey = `switchboard:rated:${inboxToken}`;
  const write = (k: string, v: string) => {
    try {
      s.setItem(k, v);
    } catch {
      // Quota exceeded: the in-page state still holds the value.
    }
  };
  // Read-modify-write on each change so two tabs of the same site do not drop each other's sends.
  const pending = () => parseQueue(s.getItem(pendingKey));
  return {
    visitorToken: () => s.getItem(tokenKey) || undefined,
    setVisitorToken: (token) => write(tokenKey, token),
    pending,
    addPending: (p) => write(pendingKey, JSON.stringify(enqueue(pending(), p))),
    removePending: (ids) => write(pendingKey, JSON.stringify(dequeue(pending(), ids))),
    isRated: (id) => parseRated(s.getItem(ratedKey)).includes(id),
    markRated: (id) => write(ratedKey, JSON.stringify(addRated(parseRated(s.getItem(ratedKey)), id))),
  };
}
