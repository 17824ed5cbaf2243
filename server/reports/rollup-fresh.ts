// Which roll-up days need a build before a report reads them, and the background catch-up that
// builds them early (late events: a reply or CSAT on an old conversation logs its old day).
import type { Db } from '../db/client.js';
import { rebuildDay } from './rollup-build.js';
import type { Dialect } from './sql.js';

/** Days in [fromDay, toDay) (all days without bounds) with logged changes, or whose SLA counts changed by time. */
export async function daysToBuild(db: Db, now: Date, fromDay = '0000-00-00', toDay = '9999-99-99', limit = 1000): Promise<string[]> {
  const rows = await db.$queryRaw<{ day: string }[]>`
    SELECT "day" FROM (
      SELECT DISTINCT "day" FROM "ReportDayChange" WHERE "day" >= ${fromDay} AND "day" < ${toDay}
      UNION
      SELECT "day" FROM "ReportDayState" WHERE "day" >= ${fromDay} AND "day" < ${toDay} AND ("computedAt" > ${now} OR "staleAfter" < ${now})
    ) d ORDER BY "day" LIMIT ${limit}`;
  return rows.map((r) => String(r.day));
}

/** Builds every day of [fromDay, toDay) a read at `now` would find out of date; returns how many. */
export async function freshenDays(db: Db, dialect: Dialect, fromDay: string, toDay: string, now: Date): Promise<number> {
  const days = await daysToBuild(db, now, fromDay, toDay, 100_000);
  for (const day of days) await rebuildDay(db, dialect, day, now);
  return days.length;
}

export interface RollupCatchUp { stop(): Promise<void>; runOnce(): Promise<number> }

/** Every `everyMs`, builds up to `batch` out-of-date days of any date; one run at a time per node. */
export function startRollupCatchUp(db: Db, dialect: Dialect, opts: { everyMs?: number; batch?: number; onError?: (err: unknown) => void } = {}): RollupCatchUp {
  let running: Promise<number> | null = null;
  const runOnce = (): Promise<number> => {
    running ??= (async () => {
      const days = await daysToBuild(db, new Date(), undefined, undefined, opts.batch ?? 50);
      for (const day of days) await rebuildDay(db, dialect, day, new Date());
      return days.length;
    })().finally(() => (running = null));
    return running;
  };
  // A full batch means more are waiting (the first build after the migration): go on soon.
  const tick = () => void runOnce().then((n) => n >= (opts.batch ?? 50) && !stopped && setTimeout(tick, 50).unref(), (err) => opts.onError?.(err));
  let stopped = false;
  const timer = setInterval(tick, opts.everyMs ?? 30_000);
  timer.unref();
  const first = setTimeout(tick, 1000);
  first.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running?.catch(() => undefined);
    },
  };
}
