// Multi-node harness: several Switchboard nodes on one fresh PostgreSQL schema and one Redis, as
// real processes (started like `npm start`, killed like a crash) or in this process (for options
// such as a short presence grace). Callers skip with clusterUnavailable()'s reason.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';
import { postgresUnreachable, startNode, unreachable, type NodeProcess } from '../../scripts/cluster.js';
import { createApp, type App, type AppOptions } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { clusterPrefix } from '../../server/realtime/redis.js';
import { ADMIN } from './server.js';

const fromEnv = (url: string | undefined) => (url && /^postgres(ql)?:\/\//.test(url) ? url : undefined);
export const POSTGRES_URL = fromEnv(process.env.TEST_POSTGRES_URL) ?? fromEnv(process.env.DATABASE_URL) ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why multi-node tests cannot run on this machine, or null when PostgreSQL and Redis answer. */
export function clusterUnavailable(): Promise<string | null> {
  return unreachable(POSTGRES_URL, REDIS_URL);
}

/** Why tests needing only PostgreSQL cannot run here, or null. */
export function postgresUnavailable(): Promise<string | null> {
  return postgresUnreachable(POSTGRES_URL);
}

/** The shared settings of one test cluster: a fresh schema and secret, so runs never meet. */
export interface ClusterEnv {
  databaseUrl: string;
  schema: string;
  secret: string;
  env: Record<string, string>;
  /** Drops the schema and the cluster's Redis stream. */
  cleanup(): Promise<void>;
}

export function clusterEnv(): ClusterEnv {
  const schema = `mn_${process.pid}_${randomBytes(4).toString('hex')}`;
  const u = new URL(POSTGRES_URL);
  u.searchParams.set('schema', schema);
  const secret = randomBytes(32).toString('base64url');
  const env = { DATABASE_URL: u.toString(), REDIS_URL, SECRET_KEY: secret, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' };
  return {
    databaseUrl: u.toString(), schema, secret, env,
    async cleanup() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
      // Best effort: PostgreSQL-only suites share this cleanup on machines without Redis.
      const redis = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false } });
      redis.on('error', () => undefined);
      await redis.connect().then(() => redis.del(`${clusterPrefix(secret)}:sio`)).catch(() => undefined);
      if (redis.isOpen) redis.destroy();
    },
  };
}

export interface ProcessCluster {
  shared: ClusterEnv;
  nodes: NodeProcess[];
  /** Starts one more node on the same database and Redis. */
  add(): Promise<NodeProcess>;
  close(): Promise<void>;
}

/** N real server processes, started at the same time (migrations and bootstrap race for real). */
export async function startProcessCluster(n: number): Promise<ProcessCluster> {
  const shared = clusterEnv();
  const dirs: string[] = [];
  let next = 0;
  const add = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-node-'));
    dirs.push(dir);
    return startNode(next++, { ...shared.env, DATA_DIR: dir });
  };
  const nodes = await Promise.all(Array.from({ length: n }, add));
  return {
    shared, nodes,
    async add() {
      const node = await add();
      nodes.push(node);
      return node;
    },
    async close() {
      await Promise.all(nodes.map((node) => node.stop('SIGTERM')));
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      await shared.cleanup();
    },
  };
}

/** One node in this process (createApp), for options a process cannot take, e.g. presenceGraceMs. */
export async function startInProcessNode(shared: ClusterEnv, opts: AppOptions = {}): Promise<{ app: App; url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-node-'));
  const config = loadConfig({ ...shared.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = await createApp(config, { log: createLogger(config.LOG_LEVEL), print: () => undefined, ...opts });
  const url = await app.listen(0, '127.0.0.1');
  return {
    app, url,
    async close() {
      await app.close();
      await new Promise<void>((resolve) => app.http.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** JSON over HTTP against any node. */
export async function api<T = unknown>(url: string, method: string, route: string, opts: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + route, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function login(url: string, email = ADMIN.email, password = ADMIN.password): Promise<string> {
  const res = await api<{ token: string }>(url, 'POST', '/api/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

export async function inboxToken(url: string, token: string): Promise<string> {
  const res = await api<{ inboxes: { channel: string; publicToken: string }[] }>(url, 'GET', '/api/inboxes', { token });
  const inbox = res.body.inboxes.find((i) => i.channel === 'webchat');
  if (!inbox) throw new Error(`no web chat inbox: ${res.status} ${JSON.stringify(res.body)}`);
  return inbox.publicToken;
}

/** Creates an agent through the admin API of any node and signs them in. */
export async function createAgent(url: string, adminToken: string, name = 'Cluster agent'): Promise<{ id: string; token: string }> {
  const email = `agent-${process.pid}-${randomBytes(5).toString('hex')}@test.local`;
  const password = 'a long enough password';
  const res = await api<{ id: string }>(url, 'POST', '/api/users', { token: adminToken, body: { email, password, name, role: 'agent', teamIds: [] } });
  if (res.status !== 201) throw new Error(`creating an agent failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, token: await login(url, email, password) };
}
