// The message list and the pending-send queue as pure functions: no DOM, no socket, no storage.
import type { AckError, AuthorKind, PublicMessage } from '../../server/realtime/contract.js';

export type MessageStatus = 'sending' | 'sent' | 'failed';

export interface ChatMessage {
  /** Stable across sending -> sent, so the view keeps the same element. */
  key: string;
  id: number | null;
  clientMessageId: string | null;
  body: string;
  authorKind: AuthorKind;
  authorName: string | null;
  createdAt: string;
  /** `url` is empty while the visitor's own file is still uploading. */
  attachments: { filename: string; contentType: string; url: string }[];
  status: MessageStatus;
  error: AckError | null;
  /** For failed messages: the last server id seen when the send failed, so it stays where it failed. */
  after: number;
  /** Order written in this page view (0 if not written here); survives sending -> sent. */
  seq: number;
}

/** A visitor message not yet acknowledged by the server; persisted so it survives a reload. */
export interface PendingMessage {
  clientMessageId: string;
  body: string;
  createdAt: string;
  /** Uploaded files sent with it (POST /api/widget/attachments), and their names to show meanwhile. */
  attachmentIds?: string[];
  files?: string[];
}

export const MAX_PENDING = 50;

const keyOf = (id: number | null, clientMessageId: string | null) => (clientMessageId ? `c:${clientMessageId}` : `i:${id}`);

export function fromPublic(m: PublicMessage): ChatMessage {
  return {
    key: keyOf(m.id, m.clientMessageId), id: m.id, clientMessageId: m.clientMessageId, body: m.body,
    authorKind: m.authorKind, authorName: m.authorName, createdAt: m.createdAt,
    attachments: (m.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, url: a.url })), status: 'sent', error: null, after: m.id, seq: 0,
  };
}

export function fromPending(p: PendingMessage, seq = 0): ChatMessage {
  return {
    key: keyOf(null, p.clientMessageId), id: null, clientMessageId: p.clientMessageId, body: p.body,
    authorKind: 'customer', authorName: null, createdAt: p.createdAt, attachments: (p.files ?? []).map((filename) => ({ filename, contentType: '', url: '' })), status: 'sending', error: null, after: 0, seq,
  };
}

/** Where an unsent message sits among stored ids. */
function rank(m: ChatMessage, all: readonly ChatMessage[]): number {
  if (m.id !== null) return m.id;
  // Still sending: last, since once stored it gets an id above everything stored so far.
  if (m.status === 'sending') return Number.MAX_SAFE_INTEGER;
  // Failed: after what was stored when it failed, and after our earlier sends even if their acks came later.
  let r = m.after;
  for (const o of all) if (o.id !== null && o.seq > 0 && o.seq < m.seq && o.id > r) r = o.id;
  return r;
}

/** Server messages by id; sending ones at the end; a failed one where it failed. */
export function sortMessages(list: ChatMessage[]): ChatMessage[] {
  const ranks = new Map(list.map((m) => [m, rank(m, list)]));
  return list.sort((a, b) => {
    const d = ranks.get(a)! - ranks.get(b)!;
    if (d !== 0) return d;
    if ((a.id === null) !== (b.id === null)) return a.id === null ? 1 : -1;
    return a.seq - b.seq;
  });
}

function sameMessage(a: ChatMessage, m: PublicMessage): boolean {
  return a.id === m.id || (m.clientMessageId !== null && a.clientMessageId === m.clientMessageId);
}

/** Adds server messages, replacing any copy with the same id or clientMessageId (our own sends echo back). */
export function mergeMessages(existing: readonly ChatMessage[], incoming: readonly PublicMessage[]): ChatMessage[] {
  const out = existing.slice();
  for (const m of incoming) {
    const next = fromPublic(m);
    const i = out.findIndex((e) => sameMessage(e, m));
    if (i === -1) out.push(next);
    else out[i] = { ...next, key: out[i]!.key, seq: out[i]!.seq };
  }
  return sortMessages(out);
}

/** Shows a just-written (or reloaded) pending message; no-op if it is already listed. */
export function addLocal(existing: readonly ChatMessage[], p: PendingMessage): ChatMessage[] {
  if (existing.some((e) => e.clientMessageId === p.clientMessageId)) return existing.slice();
  const seq = existing.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
  return sortMessages([...existing, fromPending(p, seq)]);
}

/** Marks an unsent message as rejected by the server (or back to sending on a manual retry). */
export function setStatus(existing: readonly ChatMessage[], clientMessageId: string, status: MessageStatus, error: AckError | null = null): ChatMessage[] {
  const after = lastSeenId(existing);
  const list = existing
    .map((e) => (e.clientMessageId === clientMessageId && e.id === null ? { ...e, status, error, after } : e));
  return sortMessages(list);
}

/** The highest server id we hold: the cursor for messages.sync. */
export function lastSeenId(messages: readonly ChatMessage[]): number {
  let max = 0;
  for (const m of messages) if (m.id !== null && m.id > max) max = m.id;
  return max;
}

export function enqueue(queue: readonly PendingMessage[], p: PendingMessage): PendingMessage[] {
  if (queue.some((q) => q.clientMessageId === p.clientMessageId)) return queue.slice();
  // Bounded so a long offline spell cannot fill localStorage; the oldest go first.
  return [...queue, p].slice(-MAX_PENDING);
}

export function dequeue(queue: readonly PendingMessage[], clientMessageIds: readonly string[]): PendingMessage[] {
  return queue.filter((q) => !clientMessageIds.includes(q.clientMessageId));
}

/** Drops queued sends that the server has evidently stored (they came back in a sync or an echo). */
export function settlePending(queue: readonly PendingMessage[], incoming: readonly PublicMessage[]): PendingMessage[] {
  const stored = incoming.map((m) => m.clientMessageId).filter((c): c is string => c !== null);
  return stored.length ? dequeue(queue, stored) : queue.slice();
}

function isPending(v: unknown): v is PendingMessage {
  const p = v as PendingMessage;
  return !!p && typeof p.clientMessageId === 'string' && p.clientMessageId.length > 0 && p.clientMessageId.length <= 64
    && typeof p.body === 'string' && typeof p.createdAt === 'string';
}

/** Reads a stored queue, ignoring anything malformed (storage is shared with the host page). */
export function parseQueue(raw: string | null): PendingMessage[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter(isPending).slice(-MAX_PENDING) : [];
  } catch {
    return [];
  }
}
