// Starts a real server on a free port over a fresh database: SQLite in a temp dir, or a fresh
// PostgreSQL schema when the suite runs on PostgreSQL (see databases()).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp, type App, type AppOptions } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';

export const ADMIN = { email: 'admin@test.local', password: 'correct horse battery' };
export type DbKind = 'sqlite' | 'postgres';

/** The PostgreSQL server for tests: TEST_POSTGRES_URL, else DATABASE_URL if it is a postgres URL. */
export function postgresUrl(): string | undefined {
  const url = process.env.TEST_POSTGRES_URL ?? process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

/** SQLite always; PostgreSQL too when a server is configured (CI sets one). */
export function databases(): DbKind[] {
  return postgresUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestServer {
  url: string;
  app: App;
  /** Signs in and returns a bearer token. */
  login(email?: string, password?: string): Promise<string>;
  api<T = unknown>(method: string, route: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T }>;
  inboxToken(): Promise<string>;
  close(): Promise<void>;
}

export async function startTestServer(kind: DbKind = 'sqlite', env: Record<string, string> = {}, opts: AppOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-test-'));
  let schema: string | undefined;
  let databaseUrl: string | undefined;
  if (kind === 'postgres') {
    const base = postgresUrl();
    if (!base) throw new Error('no PostgreSQL configured (TEST_POSTGRES_URL or DATABASE_URL)');
    schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const u = new URL(base);
    u.searchParams.set('schema', schema);
    databaseUrl = u.toString();
  }
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env,
  });
  const app = await createApp(config, { log: createLogger(config.LOG_LEVEL), print: () => undefined, ...opts });
  const url = await app.listen(0, '127.0.0.1');

  const api: TestServer['api'] = async (method, route, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + route, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
  };

  return {
    url, app, api,
    async login(email = ADMIN.email, password = ADMIN.password) {
      const res = await api<{ token: string }>('POST', '/api/auth/login', { body: { email, password } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    async inboxToken() {
      const inbox = await app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } });
      return inbox.publicToken;
    },
    async close() {
      await app.close();
      await new Promise<void>((resolve) => app.http.close(() => resolve()));
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: postgresUrl() });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
    },
  };
}
