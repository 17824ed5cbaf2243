// The socket to the /widget namespace and promise wrappers for its acknowledged requests.
import { io, type Socket } from 'socket.io-client';
import type { AckError, PublicMessage, WidgetClientToServer, WidgetServerToClient } from '../../server/realtime/contract.js';

export type WidgetSocket = Socket<WidgetServerToClient, WidgetClientToServer>;
export type Result<T> = { ok: true; data: T } | { ok: false; error: AckError };

/** Not a server code: the ack never came (timeout or disconnect), so the request may be retried. */
export const TIMEOUT = 'TIMEOUT';
const ACK_TIMEOUT_MS = 10_000;

export interface UserClaim {
  userId: string;
  userHash: string;
}

export function connect(origin: string, inboxToken: string, visitorToken: () => string | undefined, claim: () => UserClaim | null = () => null): WidgetSocket {
  return io(`${origin}/widget`, {
    // A function, so every reconnect presents the latest token the server gave us (and drops a refused claim).
    auth: (cb) => {
      const token = visitorToken();
      cb({ inboxToken, ...(token ? { visitorToken: token } : {}), ...(claim() ?? {}), context: visitorContext() });
    },
  });
}

/** Where the visitor is, so agents can tell visitors apart ("Visitor 4821 · Berlin · /pricing"). */
function visitorContext(): { page?: string; locale?: string; timeZone?: string } {
  let timeZone: string | undefined;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    timeZone = undefined;
  }
  const page = globalThis.location?.pathname;
  const locale = globalThis.navigator?.language;
  return { ...(page ? { page } : {}), ...(locale ? { locale } : {}), ...(timeZone ? { timeZone } : {}) };
}

const timedOut = <T>(): Result<T> => ({ ok: false, error: { code: TIMEOUT, message: 'No answer from the server' } });

// A malformed ack is treated like no ack: safe, because every request here is idempotent.
function settle<T>(resolve: (r: Result<T>) => void) {
  return (err: Error | null, res?: Result<T>) => resolve(err || !res || typeof res.ok !== 'boolean' ? timedOut<T>() : res);
}

export function sendMessage(s: WidgetSocket, payload: { clientMessageId: string; body: string; attachmentIds?: string[] }): Promise<Result<PublicMessage>> {
  return new Promise((resolve) => s.timeout(ACK_TIMEOUT_MS).emit('message.send', payload, settle(resolve)));
}

export function syncMessages(s: WidgetSocket, afterId: number): Promise<Result<PublicMessage[]>> {
  return new Promise((resolve) => s.timeout(ACK_TIMEOUT_MS).emit('messages.sync', { afterId }, settle(resolve)));
}

export function leaveFollowup(s: WidgetSocket, email: string): Promise<Result<{ saved: true }>> {
  return new Promise((resolve) => s.timeout(ACK_TIMEOUT_MS).emit('followup.leave', { email }, settle(resolve)));
}

export function submitCsat(s: WidgetSocket, payload: { token: string; score: number; comment?: string }): Promise<Result<{ saved: true; score: number }>> {
  return new Promise((resolve) => s.timeout(ACK_TIMEOUT_MS).emit('csat.submit', payload, settle(resolve)));
}

export function queuePosition(s: WidgetSocket): Promise<Result<{ position: number; estimatedWaitSec: number }>> {
  return new Promise((resolve) => s.timeout(ACK_TIMEOUT_MS).emit('queue.position', {}, settle(resolve)));
}

/** crypto.randomUUID needs a secure context; plain-http host pages get random hex instead. */
export function newClientMessageId(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
