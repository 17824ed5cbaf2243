// Migrations apply offline at start, once, on both providers, and refuse an edited migration.
import { registerSearchFunctions } from '../../server/db/sqlite-search-functions.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, migrateSqlite, migrationsFor } from '../../server/db/migrate.js';
import { databaseTarget, type DatabaseTarget } from '../../server/db/target.js';
import { databases, postgresUrl } from '../helpers/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

function freshTarget(kind: 'sqlite' | 'postgres'): DatabaseTarget {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-migrate-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return databaseTarget({ DATA_DIR: dir });
  }
  const schema = `m_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const u = new URL(postgresUrl()!);
  u.searchParams.set('schema', schema);
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: postgresUrl() });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });
  return databaseTarget({ DATABASE_URL: u.toString() });
}

describe.each(databases())('migrations on %s', (kind) => {
  it('applies every migration once, then nothing', async () => {
    const target = freshTarget(kind);
    const all = migrationsFor(target.provider).map((m) => m.name);
    expect(all.length).toBeGreaterThan(0);
    expect(await migrate(target)).toEqual(all);
    expect(await migrate(target)).toEqual([]);
  });

  it('runs safely when two nodes start at the same time', async () => {
    const target = freshTarget(kind);
    if (kind === 'sqlite') {
      expect((await migrate(target)).length).toBeGreaterThan(0);
      return;
    }
    const [a, b] = await Promise.all([migrate(target), migrate(target)]);
    expect([...a, ...b].sort()).toEqual(migrationsFor('postgresql').map((m) => m.name).sort());
  });
});

describe('database target', () => {
  it('defaults to SQLite under DATA_DIR and picks PostgreSQL by URL with its schema', () => {
    expect(databaseTarget({})).toEqual({ provider: 'sqlite', file: path.join('data', 'switchboard.db') });
    expect(databaseTarget({ DATABASE_URL: 'postgresql://u@h:5432/db?schema=tenant' })).toEqual({ provider: 'postgresql', url: 'postgresql://u@h:5432/db', schema: 'tenant' });
    expect(databaseTarget({ DATABASE_URL: 'file:/tmp/x.db' })).toEqual({ provider: 'sqlite', file: '/tmp/x.db' });
  });
});

describe('SQLite table rebuilds', () => {
  // The shape Prisma writes when a column changes in a way SQLite cannot ALTER (plus what a
  // migration author must add by hand: the triggers that name the table go and come back).
  const rebuildConversation = (db: import('better-sqlite3').Database) => {
    const cols = (db.prepare(`SELECT name FROM pragma_table_info('Conversation')`).all() as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
    const create = (db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'Conversation'`).get() as { sql: string }).sql.replace('CREATE TABLE "Conversation"', 'CREATE TABLE "new_Conversation"');
    const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string; sql: string }[];
    return [
      'PRAGMA defer_foreign_keys=ON', 'PRAGMA foreign_keys=OFF', ...triggers.map((t) => `DROP TRIGGER "${t.name}"`), create,
      `INSERT INTO "new_Conversation" (${cols}) SELECT ${cols} FROM "Conversation"`, 'DROP TABLE "Conversation"',
      'ALTER TABLE "new_Conversation" RENAME TO "Conversation"', ...triggers.map((t) => t.sql), 'PRAGMA foreign_keys=ON', 'PRAGMA defer_foreign_keys=OFF',
    ].join(';\n') + ';';
  };

  it('keep every child row (the DROP must not cascade), and a migration that orphans rows is refused', async () => {
    const { default: Database } = await import('better-sqlite3');
    const target = freshTarget('sqlite') as Extract<DatabaseTarget, { provider: 'sqlite' }>;
    await migrate(target);
    const db = new Database(target.file);
    registerSearchFunctions(db); // a raw connection that writes Message/Customer rows needs the search triggers' functions
    const now = new Date().toISOString();
    db.exec(`INSERT INTO "Inbox" ("id", "channel", "name", "publicToken", "updatedAt") VALUES ('i1', 'webchat', 'W', 'tok-rebuild', '${now}')`);
    db.exec(`INSERT INTO "Customer" ("id", "updatedAt") VALUES ('cu1', '${now}')`);
    db.exec(`INSERT INTO "Conversation" ("id", "inboxId", "customerId", "channel", "updatedAt") VALUES ('co1', 'i1', 'cu1', 'webchat', '${now}')`);
    db.exec(`INSERT INTO "Message" ("conversationId", "inboxId", "direction", "authorKind", "body") VALUES ('co1', 'i1', 'in', 'customer', 'keep me')`);
    const sql = rebuildConversation(db);
    db.close();
    const rebuild = { name: '99990101000000_rebuild', sql, checksum: 'x' };
    expect(await migrateSqlite(target.file, [...migrationsFor('sqlite'), rebuild])).toEqual([rebuild.name]);
    const after = new Database(target.file, { readonly: true });
    expect(after.prepare(`SELECT body FROM "Message" WHERE "conversationId" = 'co1'`).all()).toEqual([{ body: 'keep me' }]);
    after.close();

    const orphaning = { name: '99990102000000_orphan', sql: `DELETE FROM "Conversation";`, checksum: 'y' };
    await expect(migrateSqlite(target.file, [...migrationsFor('sqlite'), rebuild, orphaning])).rejects.toThrow(/parent is missing/);
    const kept = new Database(target.file, { readonly: true });
    expect(kept.prepare(`SELECT COUNT(*) AS n FROM "Conversation"`).get()).toEqual({ n: 1 }); // rolled back
    kept.close();
  });
});
