// Whether the database can store data. A write that fails for lack of space or on I/O marks it
// failing until a write commits again; while failing, the health check probes with one tiny write
// (at most once a second), so recovery shows without waiting for traffic.
import type BetterSqlite from 'better-sqlite3';
import type { Gate } from './sqlite-gate.js';

export interface StorageState { ok: boolean; code?: string; since?: string }

// SQLite's disk full, I/O, read-only and unopenable file; PostgreSQL's disk_full and io_error.
const STORAGE_CODE = /^(SQLITE_(FULL|IOERR|READONLY|CANTOPEN)\w*|53100|58030)$/;

/** The storage error code behind an error (Prisma wraps the driver's error in causes), or null. */
export function storageErrorCode(err: unknown): string | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    for (const key of ['code', 'originalCode'] as const) {
      const code = (e as Record<string, unknown>)[key];
      if (typeof code === 'string' && STORAGE_CODE.test(code)) return code;
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /database or disk is full/.test(message)) return 'SQLITE_FULL';
  }
  return null;
}

const PROBE_EVERY_MS = 1_000;

export class StorageHealth {
  private failure: { code: string; since: Date } | null = null;
  private lastProbe = 0;
  private probing: Promise<void> | null = null;

  constructor(private gate: Gate, private connection: () => BetterSqlite.Database) {}

  /** Notes a failed statement; anything but a storage failure is not our business. */
  observe(err: unknown): void {
    const code = storageErrorCode(err);
    if (code) this.failure = { code, since: this.failure?.since ?? new Date() };
  }

  /** A write committed: the disk takes data again. */
  ok(): void {
    this.failure = null;
  }

  async check(): Promise<StorageState> {
    if (this.failure && Date.now() - this.lastProbe >= PROBE_EVERY_MS) await (this.probing ??= this.probe().finally(() => (this.probing = null)));
    return this.failure ? { ok: false, code: this.failure.code, since: this.failure.since.toISOString() } : { ok: true };
  }

  private async probe(): Promise<void> {
    this.lastProbe = Date.now();
    const release = await this.gate.acquire();
    try {
      const now = new Date().toISOString();
      this.connection()
        .prepare(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('health.probe', ?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`)
        .run(now, now);
      this.ok();
    } catch (err) {
      this.observe(err);
    } finally {
      release();
    }
  }
}
