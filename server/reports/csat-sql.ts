// Raw CSAT reads for the csat and agents reports: responses by score, and score sums per agent.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { ReportFilter } from './query.js';
import type { Reader } from './reader.js';
import { num, teamFilter } from './sql.js';

type Range = Pick<ReportFilter, 'from' | 'to' | 'teamId'>;
export interface ScoreSum { sum: number; count: number }

/** Responses created in range (team: the response's), count per score. */
export async function csatScores(read: Reader, f: Range): Promise<Map<number, number>> {
  const rows = await read.query<{ score: unknown; n: unknown }>('reports.csat-scores', Prisma.sql`
    SELECT r."score", COUNT(*) AS "n" FROM "CsatResponse" r
    WHERE r."createdAt" >= ${f.from} AND r."createdAt" < ${f.to} ${teamFilter('r', f)} GROUP BY r."score"`);
  return new Map(rows.map((r) => [num(r.score), num(r.n)]));
}

/** Per rated agent: score sum and count of responses created in range. */
export async function csatByAgent(read: Reader, f: Range): Promise<Map<string, ScoreSum>> {
  const rows = await read.query<{ agentId: string; s: unknown; n: unknown }>('reports.csat-agents', Prisma.sql`
    SELECT r."agentId", SUM(r."score") AS "s", COUNT(*) AS "n" FROM "CsatResponse" r
    WHERE r."createdAt" >= ${f.from} AND r."createdAt" < ${f.to} AND r."agentId" IS NOT NULL ${teamFilter('r', f)} GROUP BY r."agentId"`);
  return new Map(rows.map((r) => [r.agentId, { sum: num(r.s), count: num(r.n) }]));
}
