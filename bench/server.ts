// Starts the servers the benchmark measures, each as its own process: Switchboard as `npm start`
// runs it (the built bundle; SQLite in a temp dir, or a fresh PostgreSQL schema) and the bare
// socket.io relay.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type BenchDb = 'sqlite' | 'postgres';
export const DEFAULT_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/test';
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' };

export interface Target {
  url: string;
  pid: number;
  inboxToken: string;
  token: string;
  stop(): Promise<void>;
}

function spawnAndWait(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let started = false;
    child.stdout!.on('data', (d: Buffer) => {
      // Only the start-up lines are searched; later output is kept short for an exit message.
      out = (out + d.toString()).slice(started ? -500 : -100_000);
      if (process.env.BENCH_SERVER_LOG === '1') process.stderr.write(d); // the server's own log, to debug a run
      const match = started ? null : out.match(ready);
      if (match) {
        started = true;
        resolve({ child, match });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out.slice(-500)}`)));
  });
}

const stopChild = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});

export function postgresUrl(): string {
  return process.env.TEST_POSTGRES_URL || DEFAULT_POSTGRES_URL;
}

/** Whether PostgreSQL answers (the run then covers it too). */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl(), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startRelay(): Promise<Target> {
  const { child, match } = await spawnAndWait(['--import', 'tsx', 'bench/relay-server.ts'], {}, /RELAY_PORT=(\d+)/);
  return { url: `http://127.0.0.1:${match[1]}`, pid: child.pid!, inboxToken: 'relay', token: 'relay', stop: () => stopChild(child) };
}

/** The node flags `npm start` passes (package.json), so the benchmark measures the same server. */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
  const flags = /node ((?:--\S+ )*)dist\/server\/main\.mjs/.exec(start)?.[1];
  if (flags === undefined) throw new Error(`cannot find the server's node flags in the start script: ${start}`);
  return flags.split(' ').filter(Boolean);
}

/** `dataDir`: serve an existing SQLite data directory (kept on stop) instead of a fresh one. */
export async function startSwitchboard(db: BenchDb, given?: { dataDir: string }): Promise<Target> {
  const dataDir = given?.dataDir ?? mkdtempSync(path.join(tmpdir(), 'switchboard-bench-'));
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
  const dbUrl = new URL(postgresUrl());
  dbUrl.searchParams.set('schema', schema);
  // BENCH_NODE_ARGS: extra node flags for the server only, e.g. "--cpu-prof --cpu-prof-dir=.tmp/prof".
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // What `npm start` runs: the bundle scripts/build-server.mjs writes (`npm run bench` builds it
  // first), with the node flags of the start script.
  const { child, match } = await spawnAndWait([...startFlags(), ...nodeArgs, 'dist/server/main.mjs'], {
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
    WIDGET_MESSAGES_PER_10S: '100000', DATABASE_URL: db === 'postgres' ? dbUrl.toString() : '', REDIS_URL: '',
  }, /running at (http:\/\/\S+)/);
  const url = match[1]!.replace('localhost', '127.0.0.1');
  const login = (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json()) as { token: string };
  const inboxes = (await (await fetch(`${url}/api/inboxes`, { headers: { authorization: `Bearer ${login.token}` } })).json()) as { inboxes: { channel: string; publicToken: string }[] };
  return {
    url, pid: child.pid!, token: login.token, inboxToken: inboxes.inboxes.find((i) => i.channel === 'webchat')!.publicToken,
    async stop() {
      await stopChild(child);
      if (!given) rmSync(dataDir, { recursive: true, force: true });
      if (db !== 'postgres') return;
      const client = new pg.Client({ connectionString: postgresUrl() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
