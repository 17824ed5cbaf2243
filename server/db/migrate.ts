// Applies the SQL migrations that `prisma migrate diff` wrote, at start, offline and in-process
// (the CLI needs a network engine or ~12 s per run on PostgreSQL). Applied migrations are
// recorded in Prisma's own `_prisma_migrations` table, so `prisma migrate status` agrees.
import { registerSearchFunctions } from './sqlite-search-functions.js';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../paths.js';
import type { DatabaseTarget } from './target.js';

export interface Migration { name: string; sql: string; checksum: string }

const ROOT = fromRoot('prisma');
// Any number taken once: serialises nodes that start at the same time on one PostgreSQL.
const PG_LOCK_KEY = 7_270_736_901;

export function migrationsFor(provider: DatabaseTarget['provider']): Migration[] {
  const dir = provider === 'postgresql' ? path.join(ROOT, 'postgres/migrations') : path.join(ROOT, 'migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

function pending(all: Migration[], applied: Map<string, string>): Migration[] {
  for (const m of all) {
    const sum = applied.get(m.name);
    if (sum && sum !== m.checksum) throw new Error(`Migration ${m.name} was edited after it was applied; add a new migration instead`);
  }
  return all.filter((m) => !applied.has(m.name));
}

/** Brings the database up to date; returns the names it applied. */
export async function migrate(target: DatabaseTarget): Promise<string[]> {
  return target.provider === 'postgresql' ? migratePostgres(target) : migrateSqlite(target.file);
}

/** Exported for tests, which pass migrations of their own. */
export async function migrateSqlite(file: string, all: Migration[] = migrationsFor('sqlite')): Promise<string[]> {
  const { default: Database } = await import('better-sqlite3');
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(path.resolve(file));
  try {
    db.pragma('journal_mode = WAL');
    registerSearchFunctions(db);
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL,
      "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const rows = db.prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL').all() as { migration_name: string; checksum: string }[];
    const todo = pending(all, new Map(rows.map((r) => [r.migration_name, r.checksum])));
    const record = db.prepare('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, ?, ?, 1)');
    // Prisma rebuilds a changed table (CREATE new, copy, DROP, RENAME). With foreign keys on, the
    // DROP would cascade-delete every child row, and PRAGMA foreign_keys is ignored inside a
    // transaction: so keys are off for the whole run and checked before each commit instead.
    db.pragma('foreign_keys = OFF');
    for (const m of todo) {
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (broken.length) throw new Error(`Migration ${m.name} leaves ${broken.length} rows whose parent is missing (first: ${broken[0]!.table} -> ${broken[0]!.parent})`);
        record.run(randomUUID(), m.checksum, Date.now(), m.name);
      }).immediate();
    }
    return todo.map((m) => m.name);
  } finally {
    db.close();
  }
}

async function migratePostgres(target: Extract<DatabaseTarget, { provider: 'postgresql' }>): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    // Lock first: even CREATE SCHEMA IF NOT EXISTS races between two starting nodes.
    await client.query('SELECT pg_advisory_lock($1)', [PG_LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema.replace(/"/g, '')}"`);
    await client.query(`SET search_path TO "${target.schema.replace(/"/g, '')}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>('SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL');
    const todo = pending(migrationsFor('postgresql'), new Map(rows.map((r) => [r.migration_name, r.checksum])));
    for (const m of todo) {
      await client.query('BEGIN');
      try {
        // The diff starts with CREATE SCHEMA "public"; tables land in the search_path's schema.
        await client.query(m.sql);
        await client.query('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)', [randomUUID(), m.checksum, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    await client.query('SELECT pg_advisory_unlock($1)', [PG_LOCK_KEY]);
    return todo.map((m) => m.name);
  } finally {
    await client.end();
  }
}
