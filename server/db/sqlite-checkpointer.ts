// Moves SQLite's WAL checkpoints off the event loop. A checkpoint copies pages into the database
// file and fsyncs it; on the serving connection that stalls every socket for milliseconds each
// time the WAL passes 1,000 pages (docs/benchmarks.md). Here a worker thread with its own
// connection checkpoints passively (writers never wait for it) and the serving connection does
// not, unless the worker is gone.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite from 'better-sqlite3';
import type { Gate } from './sqlite-gate.js';

/** Checkpoints the worker reported, and how many of them paused writes to start the WAL over. */
export interface CheckpointStats { checkpoints: number; rewinds: number }

export interface CheckpointerOptions { intervalMs?: number; rewindAtFrames?: number; onError?: (err: Error) => void }

interface Report { walFrames: number; requested: boolean }

// SQLite's own default, restored on the serving connection if the worker stops.
const DEFAULT_AUTOCHECKPOINT = 1000;
// A WAL that grew in a burst is truncated back to this size when it next starts over.
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

// CommonJS source for the worker: tiny, so it needs no separate file in the bundle. It checkpoints
// after another connection has committed (data_version changes), at most once per interval, and
// at once when asked.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const pass = (requested) => {
  let walFrames = 0;
  try {
    walFrames = db.pragma('wal_checkpoint(PASSIVE)')[0].log;
  } catch {
    // A full disk fails the copy; the frames stay in the WAL and the next pass tries again.
  }
  parentPort.postMessage({ walFrames, requested });
};
let seen = null;
setInterval(() => {
  const version = db.pragma('data_version', { simple: true });
  if (version === seen) return;
  seen = version;
  pass(false);
}, workerData.intervalMs);
parentPort.on('message', () => pass(true));
parentPort.postMessage('ready');
`;

export class SqliteCheckpointer {
  readonly stats: CheckpointStats = { checkpoints: 0, rewinds: 0 };
  private stopped = false;
  private releaseWrites: (() => void) | null = null;
  private rewinding = false;

  private constructor(private worker: Worker, private serving: BetterSqlite.Database, private gate: Gate, private rewindAt: number) {}

  /** Resolves once the worker has its connection open and the serving connection stopped checkpointing. */
  static start(file: string, serving: BetterSqlite.Database, gate: Gate, options: CheckpointerOptions = {}): Promise<SqliteCheckpointer> {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, intervalMs: options.intervalMs ?? 100 },
      // It holds a connection and a timer: a small heap keeps its memory near V8's floor.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    worker.unref();
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (first) => {
        if (first !== 'ready') return reject(new Error(`checkpoint worker said ${String(first)}`));
        worker.off('error', reject);
        const checkpointer = new SqliteCheckpointer(worker, serving, gate, options.rewindAtFrames ?? 4096);
        checkpointer.takeOver(options.onError);
        resolve(checkpointer);
      });
    });
  }

  private takeOver(onError: ((err: Error) => void) | undefined): void {
    this.serving.pragma('wal_autocheckpoint = 0');
    this.serving.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    this.worker.on('message', (report: Report) => this.onReport(report));
    this.worker.on('error', (err) => onError?.(err));
    // Whatever ends the worker, the WAL must not grow without bound: hand checkpoints back.
    this.worker.on('exit', () => {
      this.endRewind();
      if (!this.stopped && this.serving.open) this.serving.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
    });
  }

  private onReport(report: Report): void {
    this.stats.checkpoints++;
    if (report.requested) this.endRewind();
    else if (report.walFrames >= this.rewindAt && !this.rewinding) void this.rewind();
  }

  /**
   * Passive checkpoints alone never catch a WAL that is written to every few milliseconds, and
   * SQLite only starts the WAL over once every frame is in the database. So once it is long, new
   * writes wait (queued, not blocking the event loop) while the worker copies the last frames.
   */
  private async rewind(): Promise<void> {
    this.rewinding = true;
    const release = await this.gate.acquire();
    if (this.stopped) return release();
    this.releaseWrites = release;
    this.stats.rewinds++;
    this.worker.postMessage('checkpoint');
  }

  private endRewind(): void {
    this.releaseWrites?.();
    this.releaseWrites = null;
    this.rewinding = false;
  }

  /** Stops the worker and gives checkpoints back to the serving connection (which may close next). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.worker.terminate();
    this.endRewind();
    if (this.serving.open) this.serving.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
  }
}
