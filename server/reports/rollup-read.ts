// Reads of whole days from the roll-up tables, in the shapes the raw reads return ('' back to null),
// so a report can add its partial edges read raw (report-data.ts).
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { ScoreSum } from './csat-sql.js';
import type { Reader } from './reader.js';
import { num, slaRow, type SlaCounts, type VolumeRow } from './sql.js';

export interface Days { fromDay: string; toDay: string; teamId: string | undefined }

const where = (d: Days) => Prisma.sql`"day" >= ${d.fromDay} AND "day" < ${d.toDay} ${d.teamId ? Prisma.sql`AND "teamId" = ${d.teamId}` : Prisma.empty}`;
const orNull = (v: unknown): string | null => (v === '' || v === null || v === undefined ? null : String(v));

export async function rolledVolume(read: Reader, d: Days): Promise<VolumeRow[]> {
  const rows = await read.query<Record<string, unknown>>('reports.rollup-volume', Prisma.sql`
    SELECT "day", "channel", "type", "teamId", SUM("conversations") AS "n" FROM "ReportDay" WHERE ${where(d)} GROUP BY 1, 2, 3, 4`);
  return rows.map((r) => ({ bucket: String(r.day), channel: String(r.channel), type: orNull(r.type), teamId: orNull(r.teamId), count: num(r.n) }));
}

export async function rolledSla(read: Reader, d: Days): Promise<SlaCounts[]> {
  const rows = await read.query<Record<string, unknown>>('reports.rollup-sla', Prisma.sql`
    SELECT "teamId", SUM("frMet") AS "frMet", SUM("frBreached") AS "frBreached", SUM("resMet") AS "resMet", SUM("resBreached") AS "resBreached"
    FROM "ReportDay" WHERE ${where(d)} GROUP BY 1`);
  return rows.map((r) => slaRow(orNull(r.teamId), num(r.frMet), num(r.frBreached), num(r.resMet), num(r.resBreached)));
}

/** Conversations and resolved ones per assignee (byAgent) or overall (key ''). */
export async function rolledCounts(read: Reader, d: Days, byAgent: boolean): Promise<Map<string, { conversations: number; resolved: number }>> {
  const rows = await read.query<{ a: string; n: unknown; res: unknown }>('reports.rollup-counts', Prisma.sql`
    SELECT ${Prisma.raw(byAgent ? '"assigneeId"' : "''")} AS "a", SUM("conversations") AS "n", SUM("resolved") AS "res"
    FROM "ReportAgentDay" WHERE ${where(d)} ${byAgent ? Prisma.sql`AND "assigneeId" <> ''` : Prisma.empty} GROUP BY 1`);
  return new Map(rows.map((r) => [String(r.a), { conversations: num(r.n), resolved: num(r.res) }]));
}

export async function rolledCsatScores(read: Reader, d: Days): Promise<Map<number, number>> {
  const rows = await read.query<{ score: unknown; n: unknown }>('reports.rollup-csat-scores', Prisma.sql`
    SELECT "score", SUM("responses") AS "n" FROM "ReportCsatDay" WHERE ${where(d)} GROUP BY 1`);
  return new Map(rows.map((r) => [num(r.score), num(r.n)]));
}

export async function rolledCsatByAgent(read: Reader, d: Days): Promise<Map<string, ScoreSum>> {
  const rows = await read.query<{ agentId: string; s: unknown; n: unknown }>('reports.rollup-csat-agents', Prisma.sql`
    SELECT "agentId", SUM("score" * "responses") AS "s", SUM("responses") AS "n" FROM "ReportCsatDay" WHERE ${where(d)} AND "agentId" <> '' GROUP BY 1`);
  return new Map(rows.map((r) => [r.agentId, { sum: num(r.s), count: num(r.n) }]));
}
