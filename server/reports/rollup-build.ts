// Rebuilds one UTC day's roll-up rows from the raw rows (the same SQL rules the raw reports apply),
// then clears the change-log entries it has seen. Entries are read first and removed by id, so a
// change committed meanwhile (even with a lower id, on PostgreSQL) keeps its day logged for the next
// build. A PostgreSQL advisory lock per day keeps two nodes from building the same day at once.
import type { Db } from '../db/client.js';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { packed, unpack } from './metric-values.js';
import { dayStart, nextDay } from './rollup-days.js';
import { num, slaSums, toMs, type Dialect } from './sql.js';
import { refreshStoredMetrics } from './stored-metrics.js';

const BATCH = 5000; // ids per DELETE, well under SQLite's bound-parameter limit

const sortedText = (text: string | null): string => Array.from(unpack(text)).join(',');

/** Builds `day` as of `now` (SLA outcomes depend on it); returns the rows written. */
export async function rebuildDay(db: Db, dialect: Dialect, day: string, now: Date): Promise<number> {
  const from = dayStart(day), to = dayStart(nextDay(day));
  const seen = await db.$queryRaw<{ id: unknown }[]>`SELECT "id" FROM "ReportDayChange" WHERE "day" = ${day}`;
  // Durations first: a change after this point logs the day again, so nothing is lost.
  await refreshStoredMetrics(db, dialect, { from, to, teamId: undefined });
  const range = Prisma.sql`c."createdAt" >= ${from} AND c."createdAt" < ${to}`;
  return db.$transaction(async (tx) => {
    if (dialect === 'postgresql') await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`report-day:${day}`}))`;
    const cells = await tx.$queryRaw<Record<string, unknown>[]>`
      SELECT COALESCE(c."teamId", '') AS "teamId", c."channel", COALESCE(c."type", '') AS "type", COUNT(*) AS "conversations",
        COUNT(c."resolutionMs") AS "resolved", COUNT(c."firstResponseMs") AS "frCount", COALESCE(SUM(c."firstResponseMs"), 0) AS "frSumMs",
        COUNT(c."resolutionMs") AS "resCount", COALESCE(SUM(c."resolutionMs"), 0) AS "resSumMs", ${slaSums(now)}
      FROM "Conversation" c WHERE ${range} GROUP BY 1, 2, 3`;
    const agents = await tx.$queryRaw<Record<string, unknown>[]>`
      SELECT COALESCE(c."teamId", '') AS "teamId", COALESCE(c."assigneeId", '') AS "assigneeId", COUNT(*) AS "n", COUNT(c."resolutionMs") AS "res",
        ${packed(dialect, 'firstResponseMs')} AS "fr_v", ${packed(dialect, 'resolutionMs')} AS "res_v"
      FROM "Conversation" c WHERE ${range} GROUP BY 1, 2`;
    const csat = await tx.$queryRaw<Record<string, unknown>[]>`
      SELECT COALESCE(r."teamId", '') AS "teamId", COALESCE(r."agentId", '') AS "agentId", r."score", COUNT(*) AS "n"
      FROM "CsatResponse" r WHERE r."createdAt" >= ${from} AND r."createdAt" < ${to} GROUP BY 1, 2, 3`;
    // The next moment an SLA count of this day changes by time alone: the earliest unanswered due time still ahead.
    const [pending] = await tx.$queryRaw<{ fr: unknown; res: unknown }[]>`
      SELECT MIN(CASE WHEN c."firstResponseAt" IS NULL AND c."firstResponseDueAt" >= ${now} THEN c."firstResponseDueAt" END) AS "fr",
        MIN(CASE WHEN c."resolvedAt" IS NULL AND c."resolutionDueAt" >= ${now} THEN c."resolutionDueAt" END) AS "res"
      FROM "Conversation" c WHERE ${range}`;
    const dues = [toMs(pending?.fr), toMs(pending?.res)].filter((v): v is number => v !== null);
    const staleAfter = dues.length ? new Date(Math.min(...dues)) : null;
    await tx.reportDay.deleteMany({ where: { day } });
    await tx.reportAgentDay.deleteMany({ where: { day } });
    await tx.reportCsatDay.deleteMany({ where: { day } });
    await tx.reportDay.createMany({
      data: cells.map((r) => ({
        day, teamId: String(r.teamId), channel: String(r.channel), type: String(r.type), conversations: num(r.conversations), resolved: num(r.resolved),
        frCount: num(r.frCount), frSumMs: num(r.frSumMs), resCount: num(r.resCount), resSumMs: num(r.resSumMs),
        frMet: num(r.frMet), frBreached: num(r.frBreached), resMet: num(r.resMet), resBreached: num(r.resBreached),
      })),
    });
    await tx.reportAgentDay.createMany({
      data: agents.map((r) => ({ day, teamId: String(r.teamId), assigneeId: String(r.assigneeId), conversations: num(r.n), resolved: num(r.res), frValues: sortedText(r.fr_v as string | null), resValues: sortedText(r.res_v as string | null) })),
    });
    await tx.reportCsatDay.createMany({ data: csat.map((r) => ({ day, teamId: String(r.teamId), agentId: String(r.agentId), score: num(r.score), responses: num(r.n) })) });
    await tx.reportDayState.upsert({ where: { day }, create: { day, computedAt: now, staleAfter }, update: { computedAt: now, staleAfter } });
    const ids = seen.map((s) => num(s.id));
    for (let k = 0; k < ids.length; k += BATCH) await tx.reportDayChange.deleteMany({ where: { id: { in: ids.slice(k, k + BATCH) } } });
    return cells.length + agents.length + csat.length;
  });
}
