// Captures the SQL a server runs while a test drives it, and explains each statement: a plan that
// reads a whole table (or a whole inbox, channel or status of it) is a scan of history.
import type BetterSqlite from 'better-sqlite3';
import pg from 'pg';
import type { Db } from '../../server/db/client.js';
import { sqliteConnectionOf } from '../../server/db/client.js';
import { postgresUrl, type DbKind } from './server.js';

export interface Captured { sql: string; args: unknown[] }

/** Columns that split a big table into a few huge parts: an index search on only these still reads history. */
const BROAD = new Set(['inboxId', 'channel', 'status', 'kind', 'direction', 'authorKind', 'private', 'teamId', 'deliveryStatus', 'type', 'action']);

/** Statements no customer path needs to be index-backed: schema reads and transaction control. */
const IGNORED = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA|SET|SHOW|DEALLOCATE|SELECT 1\b|SELECT pg_|SELECT set_config)/i;

/** Tables of configuration (a handful of rows, not history): a scan of them is no scan of history. */
const CONFIG_TABLES = new Set(['Setting', 'SlaPolicy', 'Team', 'TeamMember', 'Inbox']);

export class QueryRecorder {
  private seen = new Map<string, Captured>();
  private recording = false;
  private undo: () => void = () => undefined;

  private constructor() {}

  static sqliteOrPostgres(kind: DbKind, db: Db): QueryRecorder {
    return kind === 'sqlite' ? QueryRecorder.sqlite(db) : QueryRecorder.postgres();
  }

  /** Records the statements of one SQLite connection (Prisma's statements and the hot path's new ones). */
  static sqlite(db: Db): QueryRecorder {
    const rec = new QueryRecorder();
    const conn = sqliteConnectionOf(db).connection();
    const prepare = conn.prepare.bind(conn);
    conn.prepare = ((sql: string) => {
      const stmt = prepare(sql);
      const bind = stmt.bind.bind(stmt);
      // Prisma binds before it runs: the arguments make EXPLAIN see the same statement.
      stmt.bind = ((...args: unknown[]) => {
        rec.add(sql, args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args);
        return bind(...(args as never[]));
      }) as typeof stmt.bind;
      return stmt;
    }) as typeof conn.prepare;
    rec.undo = () => void (conn.prepare = prepare as typeof conn.prepare);
    return rec;
  }

  /** Records every statement any pg client of this process sends (the app's pool included). */
  static postgres(): QueryRecorder {
    const rec = new QueryRecorder();
    const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const query = proto.query;
    proto.query = function (this: unknown, ...a: unknown[]) {
      const first = a[0] as string | { text?: string; values?: unknown[] };
      if (typeof first === 'string') rec.add(first, (Array.isArray(a[1]) ? a[1] : []) as unknown[]);
      else if (first && typeof first.text === 'string') rec.add(first.text, first.values ?? []);
      return query.apply(this, a);
    };
    rec.undo = () => void (proto.query = query);
    return rec;
  }

  private add(sql: string, args: unknown[]): void {
    if (!this.recording || IGNORED.test(sql) || /^\s*EXPLAIN/i.test(sql)) return;
    if (!this.seen.has(sql)) this.seen.set(sql, { sql, args });
  }

  /** Records only while `run` runs. */
  async during<T>(run: () => Promise<T>): Promise<T> {
    this.recording = true;
    try {
      return await run();
    } finally {
      this.recording = false;
    }
  }

  statements(): Captured[] {
    return [...this.seen.values()];
  }

  stop(): void {
    this.undo();
  }
}

/** The scans in one SQLite plan (EXPLAIN QUERY PLAN detail lines). */
export function sqliteScans(details: string[]): string[] {
  return details.filter((d) => {
    const scan = /^SCAN (\S+)/.exec(d);
    // Subqueries, CTEs and constant rows are not tables.
    if (scan) return !scan[1]!.startsWith('(') && scan[1] !== 'CONSTANT' && !/^(subquery|cte)/i.test(scan[1]!) && !CONFIG_TABLES.has(scan[1]!.replace(/^main\./, ''));
    // An open range on the rowid (id > ?) reads every later row of the table.
    if (/USING INTEGER PRIMARY KEY \(rowid[<>]/.test(d)) return true;
    const search = /^SEARCH \S+ USING (?:COVERING )?INDEX \S+ \((.*)\)$/.exec(d);
    return search ? constrainedOnlyBy(search[1]!.split(' AND ').map((c) => c.replace(/[<>=!?]+.*$/, '').trim())) : false;
  });
}

/** The scans in one PostgreSQL plan (EXPLAIN (FORMAT JSON)). */
export function postgresScans(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    const type = node['Node Type'] as string;
    // A bitmap index scan names its index, not its table.
    const relation = (node['Relation Name'] ?? node['Index Name']) as string | undefined;
    if (type === 'Seq Scan' && relation && HISTORY_TABLES.has(relation)) out.push(`Seq Scan on ${relation}`);
    const cond = node['Index Cond'] as string | undefined;
    // With sequential scans priced out, a whole-table read shows as an index scan with no condition.
    if (/Index (Only )?Scan$/.test(type) && relation && !cond && HISTORY_TABLES.has(relation)) out.push(`${type} on ${relation} without a condition`);
    if (relation && cond && constrainedOnlyBy([...cond.matchAll(/"?(\w+)"?\s*(?:=|<|>|<=|>=|<>)/g)].map((m) => m[1]!))) out.push(`${type} on ${relation} by ${cond}`);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  for (const root of plan as { Plan: Record<string, unknown> }[]) walk(root.Plan);
  return out;
}

/** The tables fillHistory gives a year's shape: on PostgreSQL a Seq Scan of a tiny table is right, of these it is not. */
const HISTORY_TABLES = new Set(['Customer', 'CustomerIdentity', 'Conversation', 'Message', 'OutboxJob']);

/** Resolved history in the first web chat inbox, every row another customer's: 20k conversations, 60k messages, done outbox jobs. */
async function fillHistory(client: pg.Client): Promise<void> {
  const n = 20_000;
  const filled = await client.query(`SELECT 1 FROM "Customer" WHERE "id" = 'hist-cu-1'`);
  if (filled.rowCount) return;
  await client.query(`INSERT INTO "Customer" ("id", "updatedAt") SELECT 'hist-cu-' || g, now() FROM generate_series(1, ${n}) g`);
  await client.query(`INSERT INTO "CustomerIdentity" ("id", "customerId", "kind", "value")
    SELECT 'hist-ci-' || g || '-' || k, 'hist-cu-' || g, k, 'hist-' || k || '-' || g FROM generate_series(1, ${n}) g, unnest(ARRAY['visitor', 'email', 'user']) k`);
  await client.query(`INSERT INTO "Conversation" ("id", "inboxId", "customerId", "channel", "status", "teamId", "firstResponseAt", "resolvedAt", "createdAt", "updatedAt")
    SELECT 'hist-co-' || g, i."id", 'hist-cu-' || g, 'webchat', 'resolved', (SELECT "id" FROM "Team" ORDER BY "id" LIMIT 1), now() - interval '30 days', now() - interval '29 days', now() - (g || ' minutes')::interval, now()
    FROM generate_series(1, ${n}) g, (SELECT "id" FROM "Inbox" WHERE "channel" = 'webchat' ORDER BY "createdAt" LIMIT 1) i`);
  await client.query(`INSERT INTO "Message" ("conversationId", "inboxId", "direction", "authorKind", "body", "clientMessageId", "createdAt")
    SELECT c."id", c."inboxId", 'in', 'customer', 'old message', 'hist-m-' || k, c."createdAt" FROM "Conversation" c, generate_series(1, 3) k WHERE c."id" LIKE 'hist-co-%'`);
  await client.query(`INSERT INTO "OutboxJob" ("id", "kind", "payload", "status", "updatedAt") SELECT 'hist-ob-' || g, 'deliver', '{}', 'done', now() FROM generate_series(1, ${n}) g`);
}

function constrainedOnlyBy(columns: string[]): boolean {
  return columns.length > 0 && columns.every((c) => BROAD.has(c));
}

export interface Explained { sql: string; plan: string[]; scans: string[] }

/** Explains every captured statement on the server's own database. */
export async function explainAll(kind: DbKind, db: Db, captured: Captured[], pgSchema?: string): Promise<Explained[]> {
  if (kind === 'sqlite') {
    const conn: BetterSqlite.Database = sqliteConnectionOf(db).connection();
    return captured.map(({ sql, args }) => {
      const rows = conn.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as never[])) as { detail: string }[];
      const plan = rows.map((r) => r.detail);
      return { sql, plan, scans: sqliteScans(plan) };
    });
  }
  const client = new pg.Client({ connectionString: postgresUrl(), options: `-c search_path=${pgSchema}` });
  await client.connect();
  try {
    // On a test's tiny tables a Seq Scan is right: give them a year's shape first, so plans are those at volume.
    await fillHistory(client);
    await client.query('ANALYZE');
    const out: Explained[] = [];
    for (const { sql, args } of captured) {
      const res = await client.query({ text: `EXPLAIN (FORMAT JSON) ${sql}`, values: args });
      const plan = (res.rows[0] as Record<string, unknown>)['QUERY PLAN'];
      out.push({ sql, plan: [JSON.stringify(plan)], scans: postgresScans(plan) });
    }
    return out;
  } finally {
    await client.end();
  }
}
