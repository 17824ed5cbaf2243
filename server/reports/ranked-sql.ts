// Medians and p90 of report durations computed where the rows are: one SQL statement per metric
// returns only the values at the ranks the definitions need (stats.ts: median ranks, nearest-rank
// p90), so a year's ~100,000 durations are never parsed and sorted on the server's main thread. In
// the SQLite read worker its sb_ranks aggregate sorts them; elsewhere (PostgreSQL, SQLite's main
// connection) ROW_NUMBER numbers them.
import { Prisma } from '../db/generated/sqlite/client.ts';
import { medianRanks, percentileRank } from './stats.js';
import type { ReportFilter } from './query.js';
import type { Reader } from './reader.js';
import type { Days } from './rollup-read.js';
import { num, teamFilter, type Dialect } from './sql.js';

type Range = Pick<ReportFilter, 'from' | 'to' | 'teamId'>;
export type Metric = 'firstResponseMs' | 'resolutionMs';

/** n values, and the value at each rank a summary reads (1-based, ascending). */
export interface Ranked { n: number; at: Map<number, number> }

const ROLLED: Record<Metric, string> = { firstResponseMs: 'frValues', resolutionMs: 'resValues' };

/** The ranks summarizeRanked and median read for n values. */
export const summaryRanks = (n: number): number[] => (n ? [...new Set([...medianRanks(n), percentileRank(n, 90)])] : []);

/** Ranked from an ascending list (the raw recomputation path). */
export function rankedOf(sorted: Float64Array): Ranked {
  return { n: sorted.length, at: new Map(summaryRanks(sorted.length).map((r) => [r, sorted[r - 1]!])) };
}

/** (a = assignee or '', x = value) for the whole days from the roll-ups and the edges from raw rows. */
function source(dialect: Dialect, metric: Metric, days: Days | null, edges: Range[]): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (days) {
    const col = Prisma.raw(`d."${ROLLED[metric]}"`);
    const team = days.teamId ? Prisma.sql`AND d."teamId" = ${days.teamId}` : Prisma.empty;
    const expand = dialect === 'postgresql'
      ? Prisma.sql`SELECT d."assigneeId" AS "a", CAST(u.v AS float8) AS "x" FROM "ReportAgentDay" d CROSS JOIN LATERAL unnest(string_to_array(${col}, ',')) AS u(v)`
      : Prisma.sql`SELECT d."assigneeId" AS "a", CAST(j."value" AS REAL) AS "x" FROM "ReportAgentDay" d, json_each('[' || ${col} || ']') j`;
    parts.push(Prisma.sql`${expand} WHERE d."day" >= ${days.fromDay} AND d."day" < ${days.toDay} AND ${col} <> '' ${team}`);
  }
  const m = Prisma.raw(`c."${metric}"`);
  for (const e of edges) parts.push(Prisma.sql`SELECT COALESCE(c."assigneeId", '') AS "a", ${m} AS "x" FROM "Conversation" c WHERE c."createdAt" >= ${e.from} AND c."createdAt" < ${e.to} AND ${m} IS NOT NULL ${teamFilter('c', e)}`);
  return parts.length ? Prisma.join(parts, ' UNION ALL ') : Prisma.sql`SELECT '' AS "a", 0 AS "x" WHERE 1 = 0`;
}

/** Per group key: the summary's ranks. byAgent false: one group '' over everyone. */
export async function rankedValues(read: Reader, dialect: Dialect, metric: Metric, days: Days | null, edges: Range[], byAgent: boolean): Promise<Map<string, Ranked>> {
  const group = byAgent ? Prisma.raw('v."a"') : Prisma.raw(`''`);
  const agentsOnly = byAgent ? Prisma.sql`WHERE v."a" <> ''` : Prisma.empty;
  if (read.workerFunctions) {
    // The read worker's sb_ranks aggregate: the same ranks, sorted in the worker's JavaScript.
    const [row] = await read.query<{ r: string | null }>('reports.ranked-values', Prisma.sql`
      WITH v AS (${source(dialect, metric, days, edges)}) SELECT sb_ranks(${group}, v."x") AS "r" FROM v ${agentsOnly}`);
    const groups = JSON.parse(row?.r ?? '[]') as [string, number, [number, number][]][];
    return new Map(groups.map(([a, n, at]) => [a, { n, at: new Map(at) }]));
  }
  const rows = await read.query<{ a: string; rn: unknown; n: unknown; x: unknown }>('reports.ranked-values', Prisma.sql`
    WITH v AS (${source(dialect, metric, days, edges)}),
    r AS (SELECT ${group} AS "a", v."x", ROW_NUMBER() OVER (PARTITION BY ${group} ORDER BY v."x") AS "rn", COUNT(*) OVER (PARTITION BY ${group}) AS "n" FROM v ${agentsOnly})
    SELECT "a", "rn", "n", "x" FROM r
    WHERE "rn" = "n" / 2 + 1 OR ("n" % 2 = 0 AND "rn" = "n" / 2) OR "rn" = (9 * "n" + 9) / 10`);
  const out = new Map<string, Ranked>();
  for (const row of rows) {
    const key = String(row.a);
    const hit = out.get(key) ?? { n: num(row.n), at: new Map<number, number>() };
    hit.at.set(num(row.rn), num(row.x));
    out.set(key, hit);
  }
  return out;
}
