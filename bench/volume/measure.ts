// Timing helpers: sequential requests with percentiles, and the widget's connects and first messages.
import { io, type Socket } from 'socket.io-client';
import { VisitorTokens } from '../../server/auth/visitor-token.js';
import { percentile } from '../load.js';

export interface Timing { p50: number; p95: number; max: number; n: number; errors: number; totalMs?: number }

const round = (n: number) => Math.round(n * 10) / 10;

export function timing(samples: number[], errors = 0, totalMs?: number): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), max: round(s[s.length - 1] ?? NaN), n: s.length, errors, ...(totalMs !== undefined ? { totalMs: Math.round(totalMs) } : {}) };
}

export async function timeRequests(url: string, token: string, paths: string[], reps = 1): Promise<Timing> {
  const samples: number[] = [];
  let errors = 0;
  for (let r = 0; r < reps; r++) {
    for (const p of paths) {
      const t0 = performance.now();
      // A reset is counted, not fatal: a kept-alive socket the server closed meanwhile, or a server that choked.
      const ok = await fetch(url + p, { headers: { authorization: `Bearer ${token}` } }).then(async (res) => (await res.arrayBuffer(), res.ok), () => false);
      samples.push(performance.now() - t0);
      if (!ok) errors++;
    }
  }
  return timing(samples, errors);
}

function connect(url: string, auth: Record<string, string>): Promise<{ socket: Socket; ms: number }> {
  const t0 = performance.now();
  const socket = io(`${url}/widget`, { auth, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 60_000 });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('session.ready timed out')), 60_000);
    socket.once('session.ready', () => {
      clearTimeout(timer);
      resolve({ socket, ms: performance.now() - t0 });
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** n returning visitors (tokens minted with the server's secret) connect at once. */
export async function returningConnects(url: string, inboxToken: string, inboxId: string, secret: string, visitorIds: string[], n: number): Promise<Timing> {
  const tokens = new VisitorTokens(secret, 30 * 86_400_000);
  const t0 = performance.now();
  const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => connect(url, { inboxToken, visitorToken: tokens.mint(inboxId, visitorIds[i % visitorIds.length]).token })));
  const total = performance.now() - t0;
  for (const r of results) if (r.status === 'fulfilled') r.value.socket.disconnect();
  return timing(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.ms] : [])), results.filter((r) => r.status === 'rejected').length, total);
}

/** n new visitors connect, then all send their first message at once; times each acknowledgement. */
export async function firstMessages(url: string, inboxToken: string, n: number): Promise<Timing> {
  const sockets = (await Promise.all(Array.from({ length: n }, () => connect(url, { inboxToken })))).map((c) => c.socket);
  const t0 = performance.now();
  const results = await Promise.all(sockets.map((s, i) => new Promise<number | null>((resolve) => {
    const sent = performance.now();
    s.timeout(20_000).emit('message.send', { clientMessageId: `first-${i}-${Date.now()}`, body: 'Hello, where is my order? It is late.' }, (err: unknown, res: { ok: boolean }) => resolve(err || !res?.ok ? null : performance.now() - sent));
  })));
  const total = performance.now() - t0;
  for (const s of sockets) s.disconnect();
  return timing(results.filter((r): r is number => r !== null), results.filter((r) => r === null).length, total);
}

/** Waits until the server answers health checks quickly again (work queued by the last measurement has drained). */
export async function settle(url: string, maxMs = 120_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let fast = 0;
  while (fast < 5 && performance.now() < deadline) {
    const t0 = performance.now();
    await fetch(`${url}/api/health`).then((r) => r.arrayBuffer()).catch(() => undefined);
    fast = performance.now() - t0 < 25 ? fast + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Each socket sends one message, `concurrency` at a time, each waiting for its acknowledgement. */
export async function oneMessageEach(sockets: Socket[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < sockets.length) {
      const s = sockets[next++]!;
      await new Promise<void>((resolve) => s.timeout(60_000).emit('message.send', { clientMessageId: `warm-${next}-${Date.now()}`, body: 'hello, a question about my plan' }, () => resolve()));
    }
  }));
}
