// One SQLite connection serves every Prisma call and the chat hot path. The gate makes that safe:
// a transaction holds it from BEGIN to its end and every other statement while it runs, so no
// statement lands inside (and vanishes with) another caller's transaction or reads its uncommitted
// rows. The transaction's end is ours too: a COMMIT that fails (disk full) is rolled back and the
// gate freed, where Prisma would leave both held for good.
import type BetterSqlite from 'better-sqlite3';
import { StorageHealth } from './storage-health.js';
import { registerSearchFunctions } from './sqlite-search-functions.js';

/** A FIFO async mutex. */
export class Gate {
  private held = false;
  private waiting: (() => void)[] = [];

  async acquire(): Promise<() => void> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.held = false;
    };
  }
}

/** The parts of a Prisma driver adapter we wrap (@prisma/driver-adapter-utils' SqlDriverAdapter). */
interface Query { sql: string; args: unknown[]; argTypes: unknown[] }
interface Queryable { readonly provider: string; readonly adapterName: string; queryRaw(q: Query): Promise<unknown>; executeRaw(q: Query): Promise<number> }
interface Transaction extends Queryable { readonly options: { usePhantomQuery: boolean }; commit(): Promise<void>; rollback(): Promise<void> }
interface SqliteAdapter extends Queryable {
  client: BetterSqlite.Database;
  executeScript(script: string): Promise<void>;
  startTransaction(isolationLevel?: string): Promise<Transaction>;
  getConnectionInfo?(): unknown;
  dispose(): Promise<void>;
}
interface AdapterFactory { connect(): Promise<unknown> }

export interface GatedSqlite { gate: Gate; health: StorageHealth; connection: () => BetterSqlite.Database }

const statement = (sql: string): Query => ({ sql, args: [], argTypes: [] });

/** Wraps the adapter factory so every statement and transaction takes the gate. */
export function gateSqlite<F extends AdapterFactory>(factory: F): { factory: F; gated: GatedSqlite } {
  const gate = new Gate();
  let client: BetterSqlite.Database | null = null;
  const connection = () => {
    if (!client) throw new Error('SQLite is not connected yet');
    return client;
  };
  const health = new StorageHealth(gate, connection);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as SqliteAdapter;
    client = adapter.client;
    registerSearchFunctions(client);
    return gatedAdapter(adapter, gate, health);
  };
  return { factory, gated: { gate, health, connection } };
}

function gatedAdapter(inner: SqliteAdapter, gate: Gate, health: StorageHealth): SqliteAdapter {
  const alone = async <T>(run: () => Promise<T>): Promise<T> => {
    const release = await gate.acquire();
    try {
      return await run();
    } catch (err) {
      health.observe(err);
      throw err;
    } finally {
      release();
    }
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    client: inner.client,
    queryRaw: (q) => alone(() => inner.queryRaw(q)),
    executeRaw: (q) => alone(() => inner.executeRaw(q)),
    executeScript: (script) => alone(() => inner.executeScript(script)),
    startTransaction: async (isolationLevel) => {
      // The only level SQLite has; the adapter refuses any other the same way.
      if (isolationLevel && isolationLevel !== 'SERIALIZABLE') return inner.startTransaction(isolationLevel);
        const release = await gate.acquire();
      try {
        await inner.executeRaw(statement('BEGIN'));
      } catch (err) {
        release();
        throw err;
      }
      return transaction(inner, release, health);
    },
    getConnectionInfo: () => inner.getConnectionInfo?.(),
    dispose: () => inner.dispose(),
  };
}

function transaction(inner: SqliteAdapter, release: () => void, health: StorageHealth): Transaction {
  const db = inner.client;
  let ended = false;
  // After an I/O error SQLite may have rolled the transaction back itself: later statements of the
  // callback must fail, not run one by one outside any transaction.
  const active = () => {
    if (ended || !db.inTransaction) throw new Error('the transaction was rolled back by SQLite after an error; nothing of it was stored');
    return inner;
  };
  const noted = (err: unknown): never => {
    health.observe(err);
    throw err;
  };
  const end = async (sql: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
    if (ended) return;
    try {
      if (sql === 'COMMIT' || db.inTransaction) await inner.executeRaw(statement(sql));
      if (sql === 'COMMIT') health.ok();
    } catch (err) {
      health.observe(err);
      // A failed COMMIT (SQLITE_FULL, IOERR) leaves the transaction open on the connection.
      if (db.inTransaction) rollbackQuietly(db);
      if (sql === 'COMMIT') throw err;
    } finally {
      ended = true;
      release();
    }
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    // Prisma then leaves COMMIT and ROLLBACK to commit() and rollback(), which own the gate.
    options: { usePhantomQuery: true },
    queryRaw: async (q) => active().queryRaw(q).catch(noted),
    executeRaw: async (q) => active().executeRaw(q).catch(noted),
    commit: () => end('COMMIT'),
    rollback: () => end('ROLLBACK'),
  };
}

function rollbackQuietly(db: BetterSqlite.Database): void {
  try {
    db.prepare('ROLLBACK').run();
  } catch {
    // Nothing more can be done here; the next BEGIN reports the connection's state.
  }
}
