// Opens the Prisma client over a driver adapter: SQLite by default, PostgreSQL by URL.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from './generated/postgres/client.ts';
import type { DatabaseTarget } from './target.js';
import { gateSqlite, type GatedSqlite } from './sqlite-gate.js';
import { storageErrorCode, type StorageState } from './storage-health.js';

/** Both generated clients share one model, so the SQLite client's types describe either. */
export type Db = InstanceType<typeof SqliteClient>;
export type { Prisma } from './generated/sqlite/client.ts';

export async function openDatabase(target: DatabaseTarget): Promise<Db> {
  if (target.provider === 'postgresql') {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url, max: 10, options: `-c search_path=${target.schema}` }, { schema: target.schema }) });
    return client as unknown as Db;
  }
  const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
  mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
  const { factory, urgent, gated } = gateSqlite(new PrismaBetterSQLite3({ url: path.resolve(target.file) }));
  const client = new SqliteClient({ adapter: factory });
  sqliteConnections.set(client, gated);
  urgentClients.set(client, new SqliteClient({ adapter: urgent }));
  // WAL lets readers run beside the writer; NORMAL sync is durable across app crashes (environment.md).
  await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await client.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await client.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  await client.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  return client;
}

const sqliteConnections = new WeakMap<Db, GatedSqlite>();
const urgentClients = new WeakMap<Db, Db>();

/**
 * The client for work a customer is waiting on (ingest): on SQLite the same connection, but its
 * statements go ahead of routing, list updates and reports at the gate (sqlite-gate.ts); on
 * PostgreSQL the client itself (a pool has no single line to jump).
 */
export function urgentClientOf(db: Db): Db {
  return urgentClients.get(db) ?? db;
}

/** The SQLite connection under a client from openDatabase, for the chat hot path's own statements. */
export function sqliteConnectionOf(db: Db): GatedSqlite {
  const found = sqliteConnections.get(db);
  if (!found) throw new Error('not a SQLite client opened by openDatabase');
  return found;
}

/** Whether the database takes writes now: SQLite remembers a failed write until one succeeds (storage-health.ts); PostgreSQL must answer. */
export async function databaseHealth(db: Db): Promise<StorageState> {
  const gated = sqliteConnections.get(db);
  if (gated) return gated.health.check();
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return { ok: true };
  } catch (err) {
    return { ok: false, code: storageErrorCode(err) ?? 'UNREACHABLE' };
  }
}

/** Unique-constraint violation (P2002) from either provider. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}
