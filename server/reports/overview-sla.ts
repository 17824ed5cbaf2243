// SLA state counts for the overview, per team and channel, computed in SQL: slaState (overview.ts)
// applied to every active conversation without reading them row by row. Times are compared as
// epoch milliseconds in double precision, exactly the arithmetic slaState does in JavaScript.
import type { Db } from '../db/client.js';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { epochMs, num, type Dialect } from './sql.js';

export interface SlaCells { teamId: string | null; channel: string; breached: number; atRisk: number; firstBreached: number }

/** `share` is the at-risk share of a timer's window; `running` the statuses whose timers run (timersRun). */
export async function slaCells(db: Db, dialect: Dialect, now: number, share: number, running: readonly string[]): Promise<SlaCells[]> {
  const dbl = dialect === 'postgresql' ? Prisma.raw('double precision') : Prisma.raw('REAL');
  const at = Prisma.sql`CAST(${now} AS ${dbl})`;
  const k = Prisma.sql`CAST(${share} AS ${dbl})`;
  const run = Prisma.sql`x."status" IN (${Prisma.join(running)})`;
  const rows = await db.$queryRaw<{ teamId: string | null; channel: string; breached: unknown; atRisk: unknown; firstBreached: unknown }[]>`
    SELECT x."teamId", x."channel",
      SUM(CASE WHEN ${run} AND (x."fd" <= ${at} OR x."rd" <= ${at}) THEN 1 ELSE 0 END) AS "breached",
      SUM(CASE WHEN NOT (${run}) THEN 0 WHEN x."fd" <= ${at} OR x."rd" <= ${at} THEN 0
               WHEN x."fd" - ${at} <= ${k} * (x."fd" - x."cr") OR x."rd" - ${at} <= ${k} * (x."rd" - x."cr") THEN 1 ELSE 0 END) AS "atRisk",
      SUM(CASE WHEN x."status" <> 'resolved' AND x."fd" < ${at} THEN 1 ELSE 0 END) AS "firstBreached"
    FROM (
      SELECT c."teamId", c."channel", c."status", ${epochMs(dialect, 'c."createdAt"')} AS "cr",
        CASE WHEN c."firstResponseAt" IS NULL THEN ${epochMs(dialect, 'c."firstResponseDueAt"')} END AS "fd",
        ${epochMs(dialect, 'c."resolutionDueAt"')} AS "rd"
      FROM "Conversation" c
      WHERE c."status" IN ('open', 'pending', 'snoozed')
        AND ((c."firstResponseAt" IS NULL AND c."firstResponseDueAt" IS NOT NULL) OR c."resolutionDueAt" IS NOT NULL)) x
    GROUP BY x."teamId", x."channel"`;
  return rows.map((r) => ({ teamId: r.teamId, channel: r.channel, breached: num(r.breached), atRisk: num(r.atRisk), firstBreached: num(r.firstBreached) }));
}
