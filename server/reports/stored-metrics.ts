// Keeps Conversation.firstResponseMs / resolutionMs current for the rows a report reads. A database
// trigger (migration report_stored_metrics) bumps metricsRev when an input changes; rows whose
// metricsRevDone lags are recomputed here with the team's business hours and written back in
// batches. A write only lands if metricsRev is still the one read, so a racing change stays stale.
import type { Db } from '../db/client.js';
import { readHours, type BusinessHours } from '../routing/hours.js';
import { openMs } from './open-time.js';
import type { ReportFilter } from './query.js';
import { num, teamFilter, toMs, type Dialect } from './sql.js';

const BATCH = 5000;

export interface MetricInputs { createdAt: number; firstResponseAt: number | null; resolvedAt: number | null }

/** A conversation's open-hours milliseconds to first response and to resolution (null until they happen). */
export function metricsOf(c: MetricInputs, hours: BusinessHours | null): { firstResponseMs: number | null; resolutionMs: number | null } {
  return {
    firstResponseMs: c.firstResponseAt === null ? null : openMs(c.createdAt, c.firstResponseAt, hours),
    resolutionMs: c.resolvedAt === null ? null : openMs(c.createdAt, c.resolvedAt, hours),
  };
}

/** Recomputes stale metrics of conversations created in the filter's range (and team); returns how many. */
export async function refreshStoredMetrics(db: Db, dialect: Dialect, f: Pick<ReportFilter, 'from' | 'to' | 'teamId'>): Promise<number> {
  const stale = await db.$queryRaw<{ id: string; teamId: string | null; createdAt: unknown; firstResponseAt: unknown; resolvedAt: unknown; metricsRev: unknown }[]>`
    SELECT c."id", c."teamId", c."createdAt", c."firstResponseAt", c."resolvedAt", c."metricsRev" FROM "Conversation" c
    WHERE c."createdAt" >= ${f.from} AND c."createdAt" < ${f.to} ${teamFilter('c', f)} AND c."metricsRevDone" <> c."metricsRev"`;
  if (stale.length === 0) return 0;
  const teamIds = [...new Set(stale.flatMap((r) => (r.teamId ? [r.teamId] : [])))];
  const teams = await db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, businessHours: true } });
  const hours = new Map(teams.map((t) => [t.id, readHours(t.businessHours)]));
  const rows = stale.map((r) => {
    const m = metricsOf({ createdAt: toMs(r.createdAt)!, firstResponseAt: toMs(r.firstResponseAt), resolvedAt: toMs(r.resolvedAt) }, r.teamId ? hours.get(r.teamId) ?? null : null);
    return { i: r.id, f: m.firstResponseMs, r: m.resolutionMs, v: num(r.metricsRev) };
  });
  for (let k = 0; k < rows.length; k += BATCH) await write(db, dialect, JSON.stringify(rows.slice(k, k + BATCH)));
  return stale.length;
}

/** One batch as a single JSON parameter: one statement, no bound-variable limit. */
async function write(db: Db, dialect: Dialect, json: string): Promise<void> {
  if (dialect === 'postgresql') {
    await db.$executeRaw`
      UPDATE "Conversation" c SET "firstResponseMs" = u."f", "resolutionMs" = u."r", "metricsRevDone" = u."v"
      FROM json_to_recordset(${json}::json) AS u("i" text, "f" float8, "r" float8, "v" int)
      WHERE c."id" = u."i" AND c."metricsRev" = u."v"`;
    return;
  }
  await db.$executeRaw`
    UPDATE "Conversation" SET "firstResponseMs" = u."f", "resolutionMs" = u."r", "metricsRevDone" = u."v"
    FROM (SELECT value ->> 'i' AS "i", value ->> 'f' AS "f", value ->> 'r' AS "r", value ->> 'v' AS "v" FROM json_each(${json})) AS u
    WHERE "Conversation"."id" = u."i" AND "Conversation"."metricsRev" = u."v"`;
}
