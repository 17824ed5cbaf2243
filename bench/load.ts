// Load generator: N widget customers send, M agents receive; measures customer-send -> agent-
// receive latency and acknowledged messages per second.
import { io, type Socket } from 'socket.io-client';

export interface LoadResult { msgsPerSec: number; p50Ms: number; p99Ms: number; sent: number; received: number; errors: number }

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function connectCustomers(url: string, inboxToken: string, n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => new Promise<Socket>((resolve, reject) => {
      const s = io(`${url}/widget`, { auth: { inboxToken }, transports: ['websocket'], forceNew: true, reconnection: false });
      s.once('session.ready', () => resolve(s));
      s.once('connect_error', reject);
    })));
    sockets.push(...batch);
  }
  return sockets;
}

export async function connectAgents(url: string, token: string, m: number, onMessage: (body: string) => void): Promise<Socket[]> {
  return Promise.all(Array.from({ length: m }, () => new Promise<Socket>((resolve, reject) => {
    const s = io(`${url}/agent`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    // Agents open every conversation they hear of, once, as an agent with it on screen would.
    const watching = new Set<string>();
    const watch = (c: { id: string }) => {
      if (watching.has(c.id)) return;
      watching.add(c.id);
      s.emit('conversation.watch', { conversationId: c.id }, () => undefined);
    };
    s.on('conversation.created', watch);
    s.on('conversation.updated', watch);
    s.on('message.created', (m: { body: string }) => onMessage(m.body));
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  })));
}

/** Send time per message key; an agent receiving the message records the latency once. */
export class LatencyTracker {
  private pending = new Map<string, number>();
  readonly latencies: number[] = [];

  sent(key: string): void {
    this.pending.set(key, performance.now());
  }

  /** Called by every agent; the first agent to get a message measures it. */
  received(body: string): void {
    const key = body.slice('bench '.length);
    const t0 = this.pending.get(key);
    if (t0 === undefined) return;
    this.pending.delete(key);
    this.latencies.push(performance.now() - t0);
  }

  get outstanding(): number {
    return this.pending.size;
  }
}

/**
 * Sends `rate` messages per second in total (open loop, so latency is not hidden by waiting)
 * for `seconds`, spread over the customers; rate = Infinity sends as fast as acks return.
 */
export async function runLoad(customers: Socket[], tracker: LatencyTracker, seconds: number, rate: number): Promise<LoadResult> {
  let sent = 0, acked = 0, errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;

  const sendOne = (s: Socket) => new Promise<void>((resolve) => {
    const key = `m${sent++}-${Math.random().toString(36).slice(2, 8)}`;
    tracker.sent(key);
    s.timeout(10_000).emit('message.send', { clientMessageId: key, body: `bench ${key}` }, (err: unknown, res: { ok: boolean }) => {
      if (err || !res?.ok) errors++;
      else acked++;
      resolve();
    });
  });

  if (Number.isFinite(rate)) {
    const inflight: Promise<void>[] = [];
    for (let i = 0; performance.now() < deadline; i++) {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inflight.push(sendOne(customers[i % customers.length]!));
    }
    await Promise.all(inflight);
  } else {
    await Promise.all(customers.map(async (s) => {
      while (performance.now() < deadline) await sendOne(s);
    }));
  }
  const elapsed = (performance.now() - started) / 1000;
  const settle = performance.now() + 3000;
  while (tracker.outstanding > 0 && performance.now() < settle) await new Promise((r) => setTimeout(r, 20));
  const sorted = [...tracker.latencies].sort((a, b) => a - b);
  return { msgsPerSec: round(acked / elapsed), p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), sent, received: sorted.length, errors };
}
