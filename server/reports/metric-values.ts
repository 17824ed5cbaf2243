// The stored per-conversation durations (stored-metrics.ts) of a report's range, for percentiles.
// Each column comes back as one comma-joined text per group: Prisma costs microseconds per row,
// which at 100,000 rows is most of a report, while one string of whole numbers is parsed in
// milliseconds. Values are whole milliseconds, so the integer text is exact.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { ReportFilter } from './query.js';
import type { Reader } from './reader.js';
import { num, teamFilter, type Dialect } from './sql.js';

export interface MetricValues { conversations: number; resolved: number; firstResponseMs: Float64Array; resolutionMs: Float64Array }

/** Ascending numbers from a comma-joined list (null: none). */
export function unpack(text: string | null | undefined): Float64Array {
  return text ? Float64Array.from(text.split(','), Number).sort() : new Float64Array(0);
}

export function packed(dialect: Dialect, column: string): Prisma.Sql {
  return dialect === 'postgresql'
    ? Prisma.raw(`string_agg(CAST(CAST(c."${column}" AS bigint) AS text), ',')`)
    : Prisma.raw(`group_concat(CAST(c."${column}" AS INTEGER))`);
}

type Range = Pick<ReportFilter, 'from' | 'to' | 'teamId'>;

export interface Row { assigneeId?: string | null; n: unknown; res: unknown; fr_v: string | null; res_v: string | null }

export const values = (r: Row | undefined): MetricValues => ({
  conversations: num(r?.n), resolved: num(r?.res), firstResponseMs: unpack(r?.fr_v ?? null), resolutionMs: unpack(r?.res_v ?? null),
});

/** All conversations created in range (and team): counts and both durations, ascending. */
export async function metricValues(read: Reader, dialect: Dialect, f: Range): Promise<MetricValues> {
  const [r] = await read.query<Row>('reports.metric-values', Prisma.sql`
    SELECT COUNT(*) AS "n", COUNT(c."resolutionMs") AS "res", ${packed(dialect, 'firstResponseMs')} AS "fr_v", ${packed(dialect, 'resolutionMs')} AS "res_v"
    FROM "Conversation" c WHERE c."createdAt" >= ${f.from} AND c."createdAt" < ${f.to} ${teamFilter('c', f)}`);
  return values(r);
}

/** The same per assignee (conversations without one are left out). */
export async function agentMetricValues(read: Reader, dialect: Dialect, f: Range): Promise<Map<string, MetricValues>> {
  // Grouped by an expression, not the column: with the column, SQLite's planner (after ANALYZE)
  // walks the assigneeId index and reads every row instead of the covering date-range index.
  const rows = await read.query<Row>('reports.agent-metric-values', Prisma.sql`
    SELECT COALESCE(c."assigneeId", '') AS "assigneeId", COUNT(*) AS "n", COUNT(c."resolutionMs") AS "res", ${packed(dialect, 'firstResponseMs')} AS "fr_v", ${packed(dialect, 'resolutionMs')} AS "res_v"
    FROM "Conversation" c WHERE c."createdAt" >= ${f.from} AND c."createdAt" < ${f.to} ${teamFilter('c', f)}
    GROUP BY 1`);
  return new Map(rows.filter((r) => r.assigneeId).map((r) => [r.assigneeId!, values(r)]));
}
