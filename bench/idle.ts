// Opens many idle widget connections and reads the server's resident memory from /proc.
import { readFileSync } from 'node:fs';
import { connectCustomers } from './load.js';

export function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

export async function measureIdle(url: string, inboxToken: string, n: number, pid: number): Promise<{ connections: number; rssMB: number }> {
  const sockets = await connectCustomers(url, inboxToken, n);
  await new Promise((r) => setTimeout(r, 2000));
  const rss = rssMB(pid);
  for (const s of sockets) s.disconnect();
  return { connections: sockets.length, rssMB: rss };
}
