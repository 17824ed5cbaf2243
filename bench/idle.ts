// Opens many idle widget connections to a fresh server and reads its resident memory from /proc:
// before, and after the connections have settled (V8 keeps growing its heap for a few seconds).
import { readFileSync } from 'node:fs';
import { connectCustomers } from './load.js';

export interface IdleResult { connections: number; rssMB: number; baseRssMB: number; connectSeconds: number }

export function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

export async function measureIdle(url: string, inboxToken: string, n: number, pid: number, settleMs = 10_000): Promise<IdleResult> {
  const baseRssMB = rssMB(pid);
  const started = performance.now();
  const sockets = await connectCustomers(url, inboxToken, n);
  const connectSeconds = Math.round((performance.now() - started) / 100) / 10;
  // The highest reading while idle: what a host must provision for.
  let peak = rssMB(pid);
  for (let waited = 0; waited < settleMs; waited += 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    peak = Math.max(peak, rssMB(pid));
  }
  for (const s of sockets) s.disconnect();
  return { connections: sockets.length, rssMB: peak, baseRssMB, connectSeconds };
}
