// SQLite's query planner needs statistics (sqlite_stat1) to choose between indexes on a large
// database; nobody runs ANALYZE by hand on an embedded product. SQLite's advice for long-lived
// connections: PRAGMA optimize=0x10002 when the connection opens (after migrations), PRAGMA optimize
// every few hours and before it closes. analysis_limit bounds the work on a large database
// (sampled statistics), so it costs milliseconds at start, not a full scan.
import type { Db } from './client.js';
import type { Logger } from '../log.js';

const EVERY_MS = 6 * 3600_000;

/** Runs the opening optimize and schedules the periodic one; returns the closing one (it stops the timer). */
export async function startSqliteOptimizer(db: Db, log: Logger): Promise<() => Promise<void>> {
  const run = (sql: string) => db.$queryRawUnsafe(sql).catch((err: unknown) => log.warn({ err }, 'PRAGMA optimize failed'));
  await run('PRAGMA analysis_limit = 400');
  await run('PRAGMA optimize = 0x10002');
  const timer = setInterval(() => void run('PRAGMA optimize'), EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await run('PRAGMA optimize');
  };
}
