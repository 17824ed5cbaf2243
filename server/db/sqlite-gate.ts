// One SQLite connection serves every Prisma call and the chat hot path. The gate makes that safe:
// a transaction holds it from BEGIN to its end and every other statement while it runs, so no
// statement lands inside (and vanishes with) another caller's transaction or reads its uncommitted
// rows. The transaction's end is ours too: a COMMIT that fails (disk full) is rolled back and the
// gate freed, where Prisma would leave both held for good.
import type BetterSqlite from 'better-sqlite3';
import { StorageHealth } from './storage-health.js';
import { registerSearchFunctions } from './sqlite-search-functions.js';

/**
 * Who is waiting: `urgent` is work a customer waits on (ingest, the chat hot path), `normal`
 * everything else (routing, list updates, suggestions, reports, sweeps). See docs/database.md.
 */
export type Lane = 'urgent' | 'normal';

// After this many urgent turns in a row a waiting normal caller goes next, so nothing starves.
const URGENT_STREAK = 8;

/** An async mutex, FIFO within each lane; urgent waiters go first, with a bounded streak. */
export class Gate {
  private held = false;
  private waiting: Record<Lane, (() => void)[]> = { urgent: [], normal: [] };
  private streak = 0;

  async acquire(lane: Lane = 'normal'): Promise<() => void> {
    // SQLite answers without I/O, so a chain of queries would otherwise run as microtasks and keep
    // every socket unread until it ends: each normal statement first lets the event loop poll once.
    if (lane === 'normal') await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.held) await new Promise<void>((resolve) => this.waiting[lane].push(resolve));
    this.held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.next();
      if (next) next();
      else this.held = false;
    };
  }

  private next(): (() => void) | undefined {
    const { urgent, normal } = this.waiting;
    if (urgent.length && (this.streak < URGENT_STREAK || !normal.length)) {
      this.streak++;
      return urgent.shift();
    }
    this.streak = 0;
    return normal.shift();
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

/** A raw write a customer waits for: in the gate's urgent lane, its failure told to storage health. */
export async function urgentWrite<T>(sqlite: GatedSqlite, run: (db: BetterSqlite.Database) => T): Promise<T> {
  const release = await sqlite.gate.acquire('urgent');
  try {
    const result = run(sqlite.connection());
    sqlite.health.ok();
    return result;
  } catch (err) {
    sqlite.health.observe(err);
    throw err;
  } finally {
    release();
  }
}

const statement = (sql: string): Query => ({ sql, args: [], argTypes: [] });

/**
 * Wraps the adapter factory so every statement and transaction takes the gate. `urgent` is a
 * second factory over the same connection whose statements take the urgent lane (a second Prisma
 * client for ingest); it never closes the connection, the main client does.
 */
export function gateSqlite<F extends AdapterFactory>(factory: F): { factory: F; urgent: F; gated: GatedSqlite } {
  const gate = new Gate();
  let client: BetterSqlite.Database | null = null;
  const connection = () => {
    if (!client) throw new Error('SQLite is not connected yet');
    return client;
  };
  const health = new StorageHealth(gate, connection);
  const connect = factory.connect.bind(factory);
  let inner: Promise<SqliteAdapter> | null = null;
  const shared = () => (inner ??= connect().then((adapter) => {
    client = (adapter as SqliteAdapter).client;
    // The search index's triggers call these JS functions: every connection that writes needs them.
    registerSearchFunctions(client);
    return adapter as SqliteAdapter;
  }));
  const urgent = Object.create(factory) as F;
  urgent.connect = async () => ({ ...gatedAdapter(await shared(), gate, health, 'urgent'), dispose: async () => undefined });
  factory.connect = async () => gatedAdapter(await shared(), gate, health, 'normal');
  return { factory, urgent, gated: { gate, health, connection } };
}

function gatedAdapter(inner: SqliteAdapter, gate: Gate, health: StorageHealth, lane: Lane): SqliteAdapter {
  const alone = async <T>(run: () => Promise<T>): Promise<T> => {
    const release = await gate.acquire(lane);
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
      const release = await gate.acquire(lane);
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
