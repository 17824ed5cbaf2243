// Starts the built server (as `npm start` runs it, bench/server.ts's flags) on a seeded dataset: a
// copy of the SQLite files, so the cached seed stays as seeded, or the seed's PostgreSQL schema.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Manifest } from './seed.js';

export interface VolumeServer { url: string; pid: number; startupMs: number; rssMb(): number; stop(): Promise<void> }

function startFlags(root: string): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return (/node ((?:--\S+ )*)dist\/server\/main\.mjs/.exec(start)?.[1] ?? '').split(' ').filter(Boolean);
}

/** `root`: the checkout whose built server runs (another commit's, for a before/after). */
export async function startOn(m: Manifest, root = process.cwd()): Promise<VolumeServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-volume-'));
  if (m.database.provider === 'sqlite') execFileSync('cp', ['--reflink=auto', path.join(m.database.dataDir, 'switchboard.db'), path.join(dataDir, 'switchboard.db')]);
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...startFlags(root), 'dist/server/main.mjs'], {
    cwd: root,
    env: {
      ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: m.secretKey, WIDGET_MESSAGES_PER_10S: '100000',
      DATABASE_URL: m.database.provider === 'postgresql' ? m.database.url : '', REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out = (out + d.toString()).slice(-20_000);
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out.slice(-500)}`)));
  });
  // Healthy is the contract's "ready": the first 200 from /api/health.
  for (;;) {
    const res = await fetch(`${url}/api/health`).catch(() => null);
    if (res?.ok) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const startupMs = performance.now() - started;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`\nthe server exited during the run (code ${code}, signal ${signal})\n`);
  });
  return {
    url, pid: child.pid!, startupMs,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    async stop() {
      stopping = true;
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // After the mixed load at scale 1 a server stayed busy for 15+ minutes without exiting: the run goes on.
        const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(kill);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
