// Where report reads run: a named, parameterised SELECT and its rows. On SQLite the server passes its
// read worker (server/reads/), on PostgreSQL (and in tools) the Prisma client's pool serves them.
import type { Db } from '../db/client.js';
import type { Prisma } from '../db/generated/sqlite/client.ts';

export interface Reader {
  /** The SQLite read worker's own SQL functions (read-worker.mjs: sb_ranks) are available. */
  readonly workerFunctions?: boolean;
  /** Runs one read-only statement; `name` says which in errors and logs. */
  query<T>(name: string, sql: Prisma.Sql): Promise<T[]>;
}

/** Reads on the database's own client (PostgreSQL's pool, or SQLite's main connection). */
export function clientReader(db: Db): Reader {
  return { query: <T>(_name: string, sql: Prisma.Sql) => db.$queryRaw<T[]>(sql) };
}
