// Small helpers for the integration suites: real socket.io clients, acks and events with timeouts.
import { io, type Socket } from 'socket.io-client';
import type { AckError, PublicMessage, WidgetSessionInfo } from '../../server/realtime/contract.js';
import type { TestServer } from '../helpers/server.js';

export type AckResult<T> = { ok: true; data: T } | { ok: false; error: AckError };

const DEFAULT_TIMEOUT = 5_000;

/** Resolves with the first `name` event whose payload passes `predicate`; rejects after timeoutMs. */
export function waitForEvent<T = unknown>(socket: Socket, name: string, predicate: (payload: T) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT): Promise<T> {
  return new Promise((resolve, reject) => {
    const onEvent = (payload: T) => {
      if (!predicate(payload)) return;
      cleanup();
      resolve(payload);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for "${name}"`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      socket.off(name, onEvent);
    };
    socket.on(name, onEvent);
  });
}

export interface Recorder<T> {
  /** Every event received since recording started, in arrival order. */
  events: T[];
  /** The first recorded event passing `predicate`, already received or still to come. */
  waitFor(predicate?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  stop(): void;
}

/** Records every `name` event a socket receives, from now on. */
export function record<T = unknown>(socket: Socket, name: string): Recorder<T> {
  const events: T[] = [];
  const onEvent = (payload: T) => void events.push(payload);
  socket.on(name, onEvent);
  return {
    events,
    waitFor(predicate = () => true, timeoutMs = DEFAULT_TIMEOUT) {
      const seen = events.find(predicate);
      return seen !== undefined ? Promise.resolve(seen) : waitForEvent(socket, name, predicate, timeoutMs);
    },
    stop: () => void socket.off(name, onEvent),
  };
}

/** Emits with an acknowledgement; rejects if the server does not answer within timeoutMs. */
export async function emitAck<T = unknown>(socket: Socket, event: string, payload: unknown, timeoutMs = DEFAULT_TIMEOUT): Promise<AckResult<T>> {
  return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as AckResult<T>;
}

/** Like emitAck, but fails the test unless the ack is ok, and returns its data. */
export async function emitOk<T = unknown>(socket: Socket, event: string, payload: unknown, timeoutMs = DEFAULT_TIMEOUT): Promise<T> {
  const result = await emitAck<T>(socket, event, payload, timeoutMs);
  if (!result.ok) throw new Error(`${event} failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

export interface Visitor {
  socket: Socket;
  ready: WidgetSessionInfo;
}

/** Connects a widget visitor and waits for session.ready. */
export async function connectVisitor(url: string, auth: { inboxToken: string; visitorToken?: string; context?: unknown }, timeoutMs = DEFAULT_TIMEOUT): Promise<Visitor> {
  const socket = io(url + '/widget', { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    const ready = await new Promise<WidgetSessionInfo>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for session.ready`)), timeoutMs);
      socket.once('session.ready', (info: WidgetSessionInfo) => {
        clearTimeout(timer);
        resolve(info);
      });
      socket.once('connect_error', (err: Error) => {
        clearTimeout(timer);
        reject(new Error(`widget connect_error: ${err.message}`));
      });
    });
    return { socket, ready };
  } catch (err) {
    socket.disconnect();
    throw err;
  }
}

/** Connects a staff socket with a bearer token and waits until it is connected. */
export async function connectAgent(url: string, token: string, timeoutMs = DEFAULT_TIMEOUT): Promise<Socket> {
  const socket = io(url + '/agent', { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for the agent socket`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (err: Error) => {
        clearTimeout(timer);
        reject(new Error(`agent connect_error: ${err.message}`));
      });
    });
    return socket;
  } catch (err) {
    socket.disconnect();
    throw err;
  }
}

/** Connects to a namespace expecting to be refused; resolves with the connect_error message. */
export function expectConnectError(url: string, namespace: '/widget' | '/agent', auth: Record<string, unknown>, timeoutMs = DEFAULT_TIMEOUT): Promise<string> {
  const socket = io(url + namespace, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for connect_error`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.disconnect();
      reject(new Error(`expected ${namespace} to refuse the connection, but it connected`));
    });
    socket.once('connect_error', (err: Error) => {
      clearTimeout(timer);
      socket.disconnect();
      resolve(err.message);
    });
  });
}

/** Sends a visitor message and returns the stored PublicMessage. */
export function sendVisitorMessage(socket: Socket, body: string, clientMessageId = randomId('c')): Promise<PublicMessage> {
  return emitOk<PublicMessage>(socket, 'message.send', { clientMessageId, body });
}

let counter = 0;
/** A unique id for this run (clientMessageIds, emails, team keys). */
export function randomId(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Creates a staff user as the admin and returns its id, email and a signed-in token. */
export async function createStaff(server: TestServer, adminToken: string, input: { role: 'agent' | 'supervisor' | 'admin'; name?: string; teamIds?: string[] }): Promise<{ id: string; email: string; password: string; token: string }> {
  const email = `${randomId(input.role)}@test.local`.toLowerCase();
  const password = 'a long enough password';
  const res = await server.api<{ id: string }>('POST', '/api/users', {
    token: adminToken,
    body: { email, password, name: input.name ?? `Test ${input.role}`, role: input.role, teamIds: input.teamIds ?? [] },
  });
  if (res.status !== 201) throw new Error(`creating a ${input.role} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email, password, token: await server.login(email, password) };
}

/** Disconnects every socket given (undefined ones are skipped). */
export function closeAll(...sockets: (Socket | undefined)[]): void {
  for (const s of sockets) s?.disconnect();
}
