// The report_stored_metrics migration on a database that already has data: rows survive, the
// stored first response follows its definition, durations are backfilled, and triggers keep them.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFor } from '../../server/db/migrate.js';
import { databases, postgresUrl } from '../helpers/server.js';

const NAME = /_report_stored_metrics$/;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

/** Runs SQL on a fresh database of the given kind; returns a query function and a closer. */
async function fresh(kind: 'sqlite' | 'postgres'): Promise<{ exec(sql: string): Promise<void>; all(sql: string): Promise<Record<string, unknown>[]> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-metrics-'));
    const db = new Database(path.join(dir, 'db.sqlite'));
    cleanups.push(() => (db.close(), rmSync(dir, { recursive: true, force: true })));
    return { exec: async (sql) => void db.transaction(() => db.exec(sql))(), all: async (sql) => db.prepare(sql).all() as Record<string, unknown>[] };
  }
  const schema = `rm_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
  cleanups.push(async () => (await client.query(`DROP SCHEMA "${schema}" CASCADE`), await client.end()));
  return { exec: async (sql) => void (await client.query(`BEGIN; ${sql}; COMMIT`)), all: async (sql) => (await client.query(sql)).rows };
}

describe.each(databases())('report_stored_metrics migration on %s', (kind) => {
  it('keeps messages, backfills first response and durations, and installs the triggers', async () => {
    const all = migrationsFor(kind === 'sqlite' ? 'sqlite' : 'postgresql');
    const at = all.findIndex((m) => NAME.test(m.name));
    expect(at).toBeGreaterThan(0);
    const db = await fresh(kind);
    for (const m of all.slice(0, at)) await db.exec(m.sql);
    const t = (iso: string) => (kind === 'sqlite' ? `'${iso.replace('Z', '+00:00')}'` : `'${iso.replace('T', ' ').replace('Z', '')}'`);
    const no = kind === 'sqlite' ? '0' : 'false', yes = kind === 'sqlite' ? '1' : 'true';
    const now = t('2025-01-06T10:00:00.000Z');
    await db.exec(`
      INSERT INTO "Team" ("id", "key", "name", "businessHours", "createdAt", "updatedAt") VALUES ('plain', 'plain', 'Plain', NULL, ${now}, ${now}),
        ('hours', 'hours', 'Hours', '{"tz":"UTC","days":{"1":[["09:00","17:00"]]}}', ${now}, ${now});
      INSERT INTO "Inbox" ("id", "channel", "name", "publicToken", "createdAt", "updatedAt") VALUES ('i', 'email', 'e', 'pt', ${now}, ${now});
      INSERT INTO "Customer" ("id", "createdAt", "updatedAt") VALUES ('cu', ${now}, ${now});
      INSERT INTO "Conversation" ("id", "inboxId", "customerId", "channel", "teamId", "createdAt", "updatedAt", "resolvedAt") VALUES
        ('a', 'i', 'cu', 'email', 'plain', ${now}, ${now}, ${t('2025-01-06T12:00:00.000Z')}),
        ('b', 'i', 'cu', 'email', 'hours', ${now}, ${now}, NULL);
      INSERT INTO "Message" ("conversationId", "inboxId", "direction", "authorKind", "body", "private", "createdAt") VALUES
        ('a', 'i', 'in', 'customer', 'q', ${no}, ${now}),
        ('a', 'i', 'out', 'bot', 'hi', ${no}, ${t('2025-01-06T10:00:01.000Z')}),
        ('a', 'i', 'out', 'agent', 'note', ${yes}, ${t('2025-01-06T10:01:00.000Z')}),
        ('a', 'i', 'out', 'agent', 'answer', ${no}, ${t('2025-01-06T10:10:00.000Z')})`);
    await db.exec(all[at]!.sql);
    expect(Number((await db.all('SELECT COUNT(*) AS "n" FROM "Message"'))[0]!.n)).toBe(4);
    const rows = await db.all('SELECT "id", CAST("firstResponseAt" AS TEXT) AS "firstResponseAt", "firstResponseMs", "resolutionMs", "metricsRev", "metricsRevDone" FROM "Conversation" ORDER BY "id"');
    const text = String(rows[0]!.firstResponseAt).replace(' ', 'T'); // stored text (SQLite) or a zone-less timestamp (PostgreSQL)
    expect(new Date(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text}Z`).toISOString()).toBe('2025-01-06T10:10:00.000Z');
    expect(rows[0]).toMatchObject({ firstResponseMs: 600_000, resolutionMs: 7_200_000 });
    expect(rows[0]!.metricsRevDone).toBe(rows[0]!.metricsRev);
    expect(rows[1]!.metricsRevDone).not.toBe(rows[1]!.metricsRev); // business hours: left for the reports' refresh
    await db.exec(`UPDATE "Conversation" SET "teamId" = 'hours' WHERE "id" = 'a'`);
    await db.exec(`UPDATE "Team" SET "businessHours" = NULL WHERE "id" = 'hours'`);
    await db.exec(`UPDATE "Conversation" SET "channel" = 'sms' WHERE "id" = 'b'`);
    const after = await db.all('SELECT "metricsRev" FROM "Conversation" ORDER BY "id"');
    expect(after.map((r) => Number(r.metricsRev))).toEqual([3, 2]); // a: team moved, then its hours; b: hours only
  });
});
