// The raw reads behind the reports, aggregated in SQL (counts, GROUP BY) from one covering index.
// Durations come from metric-values.ts. One SQL text serves SQLite and PostgreSQL; only date
// bucketing and arithmetic differ per provider.
import type { Db } from '../db/client.js';
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { ReportFilter } from './query.js';
import type { Reader } from './reader.js';

export type Dialect = 'sqlite' | 'postgresql';

/** A value read back from raw SQL: Date (PostgreSQL, typed columns) or ISO text (SQLite). */
export function toMs(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  const ms = typeof v === 'number' ? v : Date.parse(String(v));
  return Number.isNaN(ms) ? null : ms;
}

/** The database behind a client, from Prisma's own provider name (for callers that pass only a client). */
export function dialectOf(db: Db): Dialect {
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
}

/** A timestamp column as epoch milliseconds (a whole number) in SQL, NULL for NULL. */
export function epochMs(dialect: Dialect, column: string): Prisma.Sql {
  return dialect === 'postgresql'
    ? Prisma.raw(`(EXTRACT(EPOCH FROM ${column}) * 1000)::float8`)
    : Prisma.raw(`ROUND((julianday(${column}) - 2440587.5) * 86400000)`);
}

export const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));

export function teamFilter(alias: string, f: { teamId: string | undefined }): Prisma.Sql {
  return f.teamId ? Prisma.sql`AND ${Prisma.raw(alias)}."teamId" = ${f.teamId}` : Prisma.empty;
}

/** UTC hour or day bucket of c.createdAt as text ("2025-01-31" or "2025-01-31T09"). */
function bucket(dialect: Dialect, unit: 'hour' | 'day'): Prisma.Sql {
  if (dialect === 'postgresql') return unit === 'hour' ? Prisma.sql`to_char(c."createdAt", 'YYYY-MM-DD"T"HH24')` : Prisma.sql`to_char(c."createdAt", 'YYYY-MM-DD')`;
  return unit === 'hour' ? Prisma.sql`substr(c."createdAt", 1, 13)` : Prisma.sql`substr(c."createdAt", 1, 10)`;
}

export interface VolumeRow { bucket: string; channel: string; type: string | null; teamId: string | null; count: number }

export async function volumeRows(read: Reader, dialect: Dialect, f: Pick<ReportFilter, 'from' | 'to' | 'teamId' | 'interval'>): Promise<VolumeRow[]> {
  const b = bucket(dialect, f.interval === 'hour' ? 'hour' : 'day');
  const rows = await read.query<{ bucket: string; channel: string; type: string | null; teamId: string | null; n: unknown }>('reports.volume', Prisma.sql`
    SELECT ${b} AS "bucket", c."channel", c."type", c."teamId", COUNT(*) AS "n"
    FROM "Conversation" c
    WHERE c."createdAt" >= ${f.from} AND c."createdAt" < ${f.to} ${teamFilter('c', f)}
    GROUP BY 1, 2, 3, 4 ORDER BY 1`);
  return rows.map((r) => ({ bucket: String(r.bucket), channel: r.channel, type: r.type, teamId: r.teamId, count: num(r.n) }));
}

export interface SlaCounts { teamId: string | null; frDue: number; frMet: number; frBreached: number; resDue: number; resMet: number; resBreached: number }

/** SUM columns frMet, frBreached, resMet, resBreached of alias c's timers at `now` (one rule for raw reads and roll-ups). */
export function slaSums(now: Date): Prisma.Sql {
  return Prisma.sql`SUM(CASE WHEN c."firstResponseDueAt" IS NOT NULL AND c."firstResponseAt" IS NOT NULL AND c."firstResponseAt" <= c."firstResponseDueAt" THEN 1 ELSE 0 END) AS "frMet",
      SUM(CASE WHEN c."firstResponseDueAt" IS NOT NULL AND ((c."firstResponseAt" IS NOT NULL AND c."firstResponseAt" > c."firstResponseDueAt") OR (c."firstResponseAt" IS NULL AND c."firstResponseDueAt" < ${now})) THEN 1 ELSE 0 END) AS "frBreached",
      SUM(CASE WHEN c."resolutionDueAt" IS NOT NULL AND c."resolvedAt" IS NOT NULL AND c."resolvedAt" <= c."resolutionDueAt" THEN 1 ELSE 0 END) AS "resMet",
      SUM(CASE WHEN c."resolutionDueAt" IS NOT NULL AND ((c."resolvedAt" IS NOT NULL AND c."resolvedAt" > c."resolutionDueAt") OR (c."resolvedAt" IS NULL AND c."resolutionDueAt" < ${now})) THEN 1 ELSE 0 END) AS "resBreached"`;
}

/** Per team: timers that have an outcome (met, or due time passed) and how many were met. */
export async function slaCounts(read: Reader, f: Pick<ReportFilter, 'from' | 'to' | 'teamId'>, now: Date): Promise<SlaCounts[]> {
  const rows = await read.query<Record<string, unknown>>('reports.sla', Prisma.sql`
    SELECT c."teamId", ${slaSums(now)}
    FROM "Conversation" c
    WHERE c."createdAt" >= ${f.from} AND c."createdAt" < ${f.to} ${teamFilter('c', f)}
    GROUP BY c."teamId"`);
  return rows.map((r) => {
    const frMet = num(r.frMet), frBreached = num(r.frBreached), resMet = num(r.resMet), resBreached = num(r.resBreached);
    return slaRow((r.teamId as string | null) ?? null, frMet, frBreached, resMet, resBreached);
  });
}

export function slaRow(teamId: string | null, frMet: number, frBreached: number, resMet: number, resBreached: number): SlaCounts {
  return { teamId, frMet, frBreached, frDue: frMet + frBreached, resMet, resBreached, resDue: resMet + resBreached };
}
