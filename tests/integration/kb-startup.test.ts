// Start-up with a large knowledge base: the server is up and healthy while the in-memory index is
// still being built (server/kb/search/building.ts), and a search sent meanwhile waits for the build
// and finds what a search after it would. On SQLite the start also refreshes the planner's statistics.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, postgresUrl, startTestServer, type TestServer } from '../helpers/server.js';
import { randomId } from './support.js';

const ARTICLES = 3000;

describe.each(databases())('%s', (db) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kb-startup-'));
  const schema = `kb_startup_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const env = (): Record<string, string> => {
    if (db === 'sqlite') return { DATA_DIR: dataDir };
    const u = new URL(postgresUrl()!);
    u.searchParams.set('schema', schema);
    return { DATA_DIR: dataDir, DATABASE_URL: u.toString() };
  };
  const needle = randomId('zebracorn');
  let server: TestServer | undefined;

  beforeAll(async () => {
    // A first start creates the database; the articles are written straight to it, then it stops.
    const first = await startTestServer(db, env());
    const now = new Date();
    await first.app.ctx.db.article.createMany({
      data: Array.from({ length: ARTICLES }, (_, i) => ({
        title: i === ARTICLES - 1 ? `How to tame a ${needle}` : `Article ${i} about invoices and parcels`,
        body: `Body ${i}: refunds, passwords, shipping times and billing questions, in some detail.`,
        status: 'published', language: 'en', publishedAt: now,
      })),
    });
    await first.close();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (db === 'postgres') {
      const client = new pg.Client({ connectionString: postgresUrl() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });

  it('is healthy before the index is built, and a search sent meanwhile waits and finds the article', async () => {
    server = await startTestServer(db, env());
    const buildingAtStart = server.app.ctx.kb.index.building;
    const health = await server.api('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(buildingAtStart).toBe(true);
    const token = await server.login();
    const found = await server.api<{ hits: { title: string }[] }>('GET', `/api/kb/search?q=${needle}&limit=3`, { token });
    expect(found.status).toBe(200);
    expect(found.body.hits[0]?.title).toBe(`How to tame a ${needle}`);
    expect(server.app.ctx.kb.index.building).toBe(false);
  }, 120_000);

  // SQLite only: PostgreSQL's autovacuum analyzes on its own (docs/database.md).
  it.runIf(db === 'sqlite')('SQLite: the server runs PRAGMA optimize (at start and on close), so the planner has statistics for the tables that filled up', async () => {
    const stats = await server!.app.ctx.db.$queryRawUnsafe<{ tbl: string }[]>(`SELECT DISTINCT "tbl" FROM "sqlite_stat1"`);
    expect(stats.map((s) => s.tbl)).toContain('Article');
  });
});
