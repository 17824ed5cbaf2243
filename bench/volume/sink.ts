// Bulk rows into the product's own tables: one prepared statement per table in one transaction per
// table on SQLite, multi-row INSERTs on PostgreSQL. Values are written in the forms Prisma writes.
import Database from 'better-sqlite3';
import pg from 'pg';
import { registerSearchFunctions } from '../../server/db/sqlite-search-functions.js';

export type Value = string | number | boolean | Date | null;

export interface Sink {
  insert(table: string, columns: string[], rows: Iterable<Value[]>, onRows: (n: number) => void): Promise<void>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

export function sqliteSink(file: string): Sink {
  const db = new Database(file);
  // The search index's triggers on Message and Customer call these (docs/search.md).
  registerSearchFunctions(db);
  db.pragma('journal_mode = WAL');
  // A seed that fails is thrown away whole, so durability is not needed while it runs.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -200000');
  // Prisma's SQLite adapter stores DateTime as ISO text with an explicit zone.
  const cell = (v: Value) => (v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? (v ? 1 : 0) : v);
  return {
    async insert(table, columns, rows, onRows) {
      const stmt = db.prepare(`INSERT INTO "${table}" (${quoted(columns)}) VALUES (${columns.map(() => '?').join(', ')})`);
      let pending = 0;
      db.exec('BEGIN');
      for (const row of rows) {
        stmt.run(row.map(cell));
        if (++pending === 5_000) {
          onRows(pending);
          pending = 0;
        }
      }
      db.exec('COMMIT');
      onRows(pending);
    },
    async exec(sql) {
      db.exec(sql);
    },
    async close() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

export async function postgresSink(url: string, schema: string): Promise<Sink> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  await client.query('SET synchronous_commit = off');
  // timestamp(3) has no zone: Prisma stores the UTC wall time.
  const cell = (v: Value) => (v instanceof Date ? v.toISOString().replace('Z', '') : v);
  return {
    async insert(table, columns, rows, onRows) {
      const per = Math.floor(30_000 / columns.length);
      let batch: Value[][] = [];
      const flush = async () => {
        if (!batch.length) return;
        const values = batch.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
        await client.query(`INSERT INTO "${table}" (${quoted(columns)}) VALUES ${values}`, batch.flat().map(cell));
        onRows(batch.length);
        batch = [];
      };
      await client.query('BEGIN');
      for (const row of rows) {
        batch.push(row);
        if (batch.length === per) await flush();
      }
      await flush();
      await client.query('COMMIT');
    },
    async exec(sql) {
      await client.query(sql);
    },
    async close() {
      await client.end();
    },
  };
}
