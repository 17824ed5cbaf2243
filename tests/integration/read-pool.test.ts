// The SQLite read worker behind ctx.reads: same rows as the main connection, sees committed writes,
// a bad statement is a clear error (not a crash), a dead worker is replaced, close() ends it.
// SQLite only: on PostgreSQL ctx.reads is the client's pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../server/db/generated/sqlite/client.ts';
import { SqliteReadPool } from '../../server/reads/read-pool.js';
import { parseReportQuery } from '../../server/reports/query.js';
import { ReportService } from '../../server/reports/service.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { makeConversation } from '../unit/reports/harness.js';

describe('SQLite read worker', () => {
  let server: TestServer;
  let pool: SqliteReadPool;
  const count = async () => Number((await pool.query<{ n: number }>('test.count', Prisma.sql`SELECT COUNT(*) AS "n" FROM "Conversation"`))[0]!.n);

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    expect(server.app.ctx.reads).toBeInstanceOf(SqliteReadPool);
    pool = server.app.ctx.reads as SqliteReadPool;
    const team = await server.app.ctx.db.team.create({ data: { key: `rp${Date.now()}`, name: 'Pool' } });
    for (let i = 0; i < 30; i++) {
      const c = await makeConversation(server, { channel: i % 2 ? 'email' : 'sms', teamId: i % 3 ? team.id : null, createdAt: new Date(Date.parse('2025-02-01T00:00:00Z') + i * 7_200_000) });
      await server.app.ctx.db.conversation.update({ where: { id: c.id }, data: { firstResponseAt: new Date(c.createdAt.getTime() + i * 60_000), firstResponseDueAt: new Date(c.createdAt.getTime() + 1_800_000) } });
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('returns what the main connection returns, for every report', async () => {
    const db = server.app.ctx.db;
    const viaWorker = new ReportService(db, 'sqlite', { reader: pool });
    const viaMain = new ReportService(db, 'sqlite');
    for (const f of [parseReportQuery({ from: '2025-02-01', to: '2025-02-04' }), parseReportQuery({ from: '2025-02-01T05:00:00Z', to: '2025-02-03T10:00:00Z', interval: 'hour' })]) {
      expect((await viaWorker.volume(f)).body).toEqual((await viaMain.volume(f)).body);
      expect((await viaWorker.responseTimes(f)).body).toEqual((await viaMain.responseTimes(f)).body);
      expect((await viaWorker.sla(f)).body).toEqual((await viaMain.sla(f)).body);
      expect((await viaWorker.agents(f)).body).toEqual((await viaMain.agents(f)).body);
    }
    expect((await viaWorker.volume(parseReportQuery({ from: '2025-02-01', to: '2025-02-04' }))).body.totals.conversations).toBe(30);
  });

  it('sees a write as soon as it commits', async () => {
    const before = await count();
    await makeConversation(server, { channel: 'email', createdAt: new Date() });
    expect(await count()).toBe(before + 1);
  });

  it('answers a bad statement with an error naming the read, and keeps serving', async () => {
    await expect(pool.query('test.broken', Prisma.sql`SELECT "nope" FROM "Conversation"`)).rejects.toThrow(/read "test\.broken" failed in the read worker: no such column/);
    // Read-only connection: a write is refused, not applied.
    await expect(pool.query('test.write', Prisma.sql`DELETE FROM "Conversation"`)).rejects.toThrow(/read "test\.write" failed/);
    expect(await count()).toBeGreaterThan(0);
  });

  it('fails the reads of a worker that dies and starts a new one for the next read', async () => {
    const starts = pool.starts;
    const slow = pool.query('test.slow', Prisma.sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT COUNT(*) AS "n" FROM n`);
    await new Promise((r) => setTimeout(r, 100));
    await pool.kill();
    await expect(slow).rejects.toThrow(/read "test\.slow": read worker exited/);
    expect(await count()).toBeGreaterThan(0);
    expect(pool.starts).toBe(starts + 1);
  });

  it('closes cleanly: the worker exits and later reads are refused', async () => {
    const own = new SqliteReadPool(pool['file']);
    expect(await own.query<{ one: number }>('test.one', Prisma.sql`SELECT 1 AS "one"`)).toEqual([{ one: 1 }]);
    await own.close();
    await expect(own.query('test.after', Prisma.sql`SELECT 1`)).rejects.toThrow(/closed/);
  });
});
