// Lets the chat hot path write on Prisma's own SQLite connection, between Prisma's transactions:
// one connection means no SQLITE_BUSY between two writers in one process, and the gate means a
// hot-path write never lands inside someone else's open (and maybe rolled back) transaction.
import type BetterSqlite from 'better-sqlite3';

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

interface Transaction { commit(): Promise<void>; rollback(): Promise<void> }
/** The parts of @prisma/adapter-better-sqlite3's adapter we rely on (its `client` is public). */
interface SqliteAdapter { client: BetterSqlite.Database; startTransaction(isolationLevel?: string): Promise<Transaction> }
interface AdapterFactory { connect(): Promise<unknown> }

export interface GatedSqlite { gate: Gate; connection: () => BetterSqlite.Database }

/** Wraps the adapter factory so every Prisma transaction holds the gate from BEGIN to COMMIT. */
export function gateTransactions<F extends AdapterFactory>(factory: F): { factory: F; gated: GatedSqlite } {
  const gate = new Gate();
  let client: BetterSqlite.Database | null = null;
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as SqliteAdapter;
    client = adapter.client;
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const release = await gate.acquire();
      try {
        const tx = await start(isolationLevel);
        const [commit, rollback] = [tx.commit.bind(tx), tx.rollback.bind(tx)];
        tx.commit = () => commit().finally(release);
        tx.rollback = () => rollback().finally(release);
        return tx;
      } catch (err) {
        release();
        throw err;
      }
    };
    return adapter;
  };
  return {
    factory,
    gated: {
      gate,
      connection: () => {
        if (!client) throw new Error('SQLite is not connected yet');
        return client;
      },
    },
  };
}
