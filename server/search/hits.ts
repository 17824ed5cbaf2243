// The SQL behind conversation search, for SQLite FTS5 and PostgreSQL tsvector/GIN. Every hit has a
// key: a message hit is keyed by its message id; a customer-field hit by its conversation's newest
// message id. Both streams come newest key first, below an exclusive bound, so a page reads only
// as many hits as it shows (FTS5 walks its doclists by rowid, descending, and stops at the LIMIT).
import type { Db } from '../db/client.js';
import type { DatabaseTarget } from '../db/target.js';
import type { SearchQuery } from './query.js';
import { fts5Expression, tsqueryExpression, type Term } from './text.js';

export interface Hit { cid: string; key: number; fromMessage: boolean }

const sqliteTime = (iso: string) => new Date(iso).toISOString().replace('Z', '+00:00');

/** Builds parameter placeholders and the conversation filters for one statement. */
function statement(provider: DatabaseTarget['provider'], q: SearchQuery, userId: string) {
  const pg = provider === 'postgresql';
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), pg ? `$${params.length}` : '?');
  const time = (iso: string) => (pg ? `(${p(iso)}::timestamptz AT TIME ZONE 'UTC')` : p(sqliteTime(iso)));
  const filters = () => {
    const where: string[] = [];
    if (q.status !== 'all') where.push(`c."status" = ${p(q.status)}`);
    if (q.channel) where.push(`c."channel" = ${p(q.channel)}`);
    if (q.teamId) where.push(`c."teamId" = ${p(q.teamId)}`);
    if (q.type) where.push(`c."type" = ${p(q.type)}`);
    if (q.assigneeId) where.push(`c."assigneeId" = ${p(q.assigneeId)}`);
    if (q.filter === 'mine') where.push(`c."assigneeId" = ${p(userId)}`);
    if (q.filter === 'unassigned') where.push(`c."assigneeId" IS NULL`);
    if (q.from) where.push(`c."lastMessageAt" >= ${time(q.from)}`);
    if (q.to) where.push(`c."lastMessageAt" < ${time(q.to)}`);
    return where.map((w) => ` AND ${w}`).join('');
  };
  return { pg, params, p, filters };
}

export class SearchHits {
  constructor(private db: Db, private provider: DatabaseTarget['provider']) {}

  /** Matching messages in conversations passing the filters, newest first, below `below`. */
  async messages(q: SearchQuery, userId: string, terms: Term[], below: number | null, limit: number): Promise<Hit[]> {
    const { pg, params, p, filters } = statement(this.provider, q, userId);
    const sql = pg
      ? `SELECT m."conversationId" AS "cid", m."id" AS "key" FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
         WHERE sb_message_search(m."body") @@ to_tsquery('simple', ${p(tsqueryExpression(terms))})${below === null ? '' : ` AND m."id" < ${p(below)}`}${filters()}
         ORDER BY m."id" DESC LIMIT ${p(limit)}`
      : `SELECT m."conversationId" AS "cid", s.rowid AS "key" FROM "MessageSearch" s JOIN "Message" m ON m."id" = s.rowid JOIN "Conversation" c ON c."id" = m."conversationId"
         WHERE "MessageSearch" MATCH ${p(fts5Expression(terms))}${below === null ? '' : ` AND s.rowid < ${p(below)}`}${filters()}
         ORDER BY s.rowid DESC LIMIT ${p(limit)}`;
    return (await this.db.$queryRawUnsafe<{ cid: string; key: number | bigint }[]>(sql, ...params)).map((r) => ({ cid: r.cid, key: Number(r.key), fromMessage: true }));
  }

  /** How many customers match: picks the cheaper way to walk their conversations. */
  async customerCount(terms: Term[]): Promise<number> {
    const pg = this.provider === 'postgresql';
    const sql = pg
      ? `SELECT count(*) AS "n" FROM "Customer" cu WHERE sb_customer_search(cu."name", cu."email", cu."company", cu."phone") @@ to_tsquery('simple', $1)`
      : `SELECT count(*) AS "n" FROM "CustomerSearch" WHERE "CustomerSearch" MATCH ?`;
    const [row] = await this.db.$queryRawUnsafe<{ n: number | bigint }[]>(sql, pg ? tsqueryExpression(terms) : fts5Expression(terms));
    return Number(row?.n ?? 0);
  }

  /**
   * Conversations (passing the filters) of customers whose name, email, company or phone match, by
   * newest message, below `below`. Few customers: each conversation's newest id, sorted. Many (a
   * common name): walk messages newest first and keep each conversation's first one, which stops
   * early; a conversation whose newest message is at or above `below` shows up here with an older
   * one, so those are dropped by the caller (SearchHits.newest).
   */
  async customers(q: SearchQuery, userId: string, terms: Term[], below: number | null, limit: number, walk: boolean): Promise<{ hits: Hit[]; full: boolean }> {
    const { pg, params, p, filters } = statement(this.provider, q, userId);
    const matched = pg
      ? `SELECT cu."id" FROM "Customer" cu WHERE sb_customer_search(cu."name", cu."email", cu."company", cu."phone") @@ to_tsquery('simple', ${p(tsqueryExpression(terms))})`
      : `SELECT cs."customerId" FROM "CustomerSearch" cs WHERE "CustomerSearch" MATCH ${p(fts5Expression(terms))}`;
    // Walking: the matching conversations first, then messages newest first ("+" keeps SQLite on the id order, which stops at the LIMIT).
    const sql = walk
      ? `WITH x AS MATERIALIZED (SELECT c."id" FROM "Conversation" c WHERE c."customerId" IN (${matched})${filters()})
         SELECT m."conversationId" AS "cid", m."id" AS "key" FROM "Message" m
         WHERE ${pg ? '' : '+'}m."conversationId" IN (SELECT "id" FROM x)${below === null ? '' : ` AND m."id" < ${p(below)}`} ORDER BY m."id" DESC LIMIT ${p(limit)}`
      // Few: MATERIALIZED computes each conversation's newest id once, not again for the filter and the sort.
      : `WITH x AS MATERIALIZED (
          SELECT c."id" AS "cid", (SELECT max(m."id") FROM "Message" m WHERE m."conversationId" = c."id") AS "key"
          FROM "Conversation" c WHERE c."customerId" IN (${matched})${filters()})
        SELECT "cid", "key" FROM x WHERE "key" IS NOT NULL${below === null ? '' : ` AND "key" < ${p(below)}`} ORDER BY "key" DESC LIMIT ${p(limit)}`;
    const rows = await this.db.$queryRawUnsafe<{ cid: string; key: number | bigint }[]>(sql, ...params);
    const hits = rows.map((r) => ({ cid: r.cid, key: Number(r.key), fromMessage: false }));
    return { hits: walk ? firstPerConversation(hits) : hits, full: rows.length === limit };
  }

  /** Of these conversations, those with a matching message at or above `key` (a previous page showed them). */
  async matchedSince(conversationIds: string[], terms: Term[], key: number): Promise<Set<string>> {
    if (!conversationIds.length) return new Set();
    const pg = this.provider === 'postgresql';
    const params: unknown[] = [key];
    const p = (v: unknown) => (params.push(v), pg ? `$${params.length}` : '?');
    const ids = conversationIds.map((id) => p(id)).join(', ');
    const matches = pg
      ? `sb_message_search(m."body") @@ to_tsquery('simple', ${p(tsqueryExpression(terms))})`
      : `EXISTS (SELECT 1 FROM "MessageSearch" s WHERE "MessageSearch" MATCH ${p(fts5Expression(terms))} AND s.rowid = m."id")`;
    const rows = await this.db.$queryRawUnsafe<{ cid: string }[]>(
      `SELECT DISTINCT m."conversationId" AS "cid" FROM "Message" m WHERE m."id" >= ${pg ? '$1' : '?'} AND m."conversationId" IN (${ids}) AND ${matches}`, ...params);
    return new Set(rows.map((r) => r.cid));
  }

  /** Customers (not merged away) whose name, email, company or phone match, last updated first. */
  async customerIds(terms: Term[], limit: number): Promise<string[]> {
    const pg = this.provider === 'postgresql';
    const sql = pg
      ? `SELECT cu."id" FROM "Customer" cu WHERE sb_customer_search(cu."name", cu."email", cu."company", cu."phone") @@ to_tsquery('simple', $1) AND cu."mergedIntoId" IS NULL ORDER BY cu."updatedAt" DESC LIMIT $2`
      : `SELECT cu."id" FROM "CustomerSearch" cs JOIN "Customer" cu ON cu."id" = cs."customerId" WHERE "CustomerSearch" MATCH ? AND cu."mergedIntoId" IS NULL ORDER BY cu."updatedAt" DESC LIMIT ?`;
    const rows = await this.db.$queryRawUnsafe<{ id: string }[]>(sql, pg ? tsqueryExpression(terms) : fts5Expression(terms), limit);
    return rows.map((r) => r.id);
  }

  /** Each conversation's newest message id. */
  async newest(conversationIds: string[]): Promise<Map<string, number>> {
    if (!conversationIds.length) return new Map();
    const pg = this.provider === 'postgresql';
    const ids = conversationIds.map((_, i) => (pg ? `$${i + 1}` : '?')).join(', ');
    const rows = await this.db.$queryRawUnsafe<{ cid: string; key: number | bigint | null }[]>(
      `SELECT c."id" AS "cid", (SELECT max(m."id") FROM "Message" m WHERE m."conversationId" = c."id") AS "key" FROM "Conversation" c WHERE c."id" IN (${ids})`, ...conversationIds);
    return new Map(rows.map((r) => [r.cid, Number(r.key ?? 0)]));
  }
}

/** Hits arrive newest first: the first of each conversation is its newest. */
function firstPerConversation(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.cid) && (seen.add(h.cid), true));
}
