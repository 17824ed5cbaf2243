// Migrations apply offline at start, once, on both providers, and refuse an edited migration.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, migrationsFor } from '../../server/db/migrate.js';
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
