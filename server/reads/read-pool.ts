// Heavy reads off the main thread on SQLite: one worker_thread with its own read-only connection
// (read-worker.mjs) runs named SELECTs and returns their rows. WAL lets it read beside the main
// connection's writes and see each committed one. A failed statement rejects with the query's name;
// a worker that dies fails what it was running and is started again for the next read.
import { Worker } from 'node:worker_threads';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import type { Reader } from '../reports/reader.js';

interface Pending { name: string; resolve: (rows: unknown[]) => void; reject: (err: Error) => void }
type Reply = { id: number; rows: unknown[] } | { id: number; error: { message: string; code?: string } };

/** The worker script, beside this module: in server/reads/, or copied next to the bundle's chunks in dist/server/. */
const WORKER = new URL('./read-worker.mjs', import.meta.url);

/** A bound value as the SQLite driver adapter writes it (dates as ISO text with +00:00, booleans as 0/1). */
function param(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace('Z', '+00:00');
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

export class SqliteReadPool implements Reader {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  readonly workerFunctions = true;
  /** How many times a worker has been started (1 after the first read). */
  starts = 0;

  constructor(private file: string, private onExit?: (code: number) => void) {}

  private start(): Worker {
    const w = new Worker(WORKER, { workerData: { file: this.file } });
    this.starts++;
    w.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(Object.assign(new Error(`read "${p.name}" failed in the read worker: ${m.error.message}`), { code: m.error.code }));
      else p.resolve(m.rows);
    });
    w.on('error', (err) => this.fail(w, `read worker crashed: ${err.message}`));
    w.on('exit', (code) => {
      this.fail(w, `read worker exited (code ${code})`);
      if (!this.closed) this.onExit?.(code);
    });
    // An idle worker must not keep the process alive; a pending read refs it again.
    w.unref();
    return w;
  }

  private fail(w: Worker, message: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    for (const [id, p] of this.pending) (this.pending.delete(id), p.reject(new Error(`read "${p.name}": ${message}`)));
  }

  query<T>(name: string, sql: Prisma.Sql): Promise<T[]> {
    if (this.closed) return Promise.reject(new Error(`read "${name}": the read worker is closed`));
    const w = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<T[]>((resolve, reject) => {
      this.pending.set(id, { name, resolve: resolve as (rows: unknown[]) => void, reject });
      w.ref();
      w.postMessage({ id, sql: sql.sql, params: sql.values.map(param) });
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }

  /** Stops the worker after its current statement; later reads are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    if (!w) return;
    const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    w.ref(); // waiting for the exit must keep the process alive
    w.postMessage({ type: 'close' });
    await exited;
  }

  /** For tests: ends the worker abruptly, as a crash would. */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }
}
