// Conversation search: message text (notes included: staff only) and the customer's name, email,
// company and phone, through SQLite FTS5 or PostgreSQL's GIN-indexed tsvectors (docs/search.md).
// One row per conversation, newest activity first, keyset-paged on (lastMessageAt, id).
import type { Db } from '../db/client.js';
import type { DatabaseTarget } from '../db/target.js';
import { conversationSummary, summaryInclude } from '../domain/views.js';
import { withLastMessage } from '../conversations/last-messages.js';
import type { ConversationSummary } from '../realtime/contract.js';
import { encodeCursor, type SearchQuery } from './query.js';
import { snippet } from './snippet.js';
import { fts5Expression, queryTerms, tsqueryExpression, type Term } from './text.js';

export interface SearchMatch {
  /** The newest matching message, or null when only the customer's details matched. */
  messageId: number | null;
  /** Whether that message is a private note (staff only, like this whole route). */
  private: boolean;
  /** HTML-escaped text with each hit in <mark>…</mark>. */
  snippet: string;
}

export interface SearchPage {
  conversations: (ConversationSummary & { match: SearchMatch })[];
  nextCursor: string | null;
}

interface HitRow { id: string; at: string | Date; messageId: number | bigint | null }

const sqliteTime = (iso: string) => new Date(iso).toISOString().replace('Z', '+00:00');

export class ConversationSearch {
  constructor(private db: Db, private provider: DatabaseTarget['provider']) {}

  async search(q: SearchQuery, userId: string): Promise<SearchPage> {
    const terms = queryTerms(q.q);
    if (!terms.length) return { conversations: [], nextCursor: null };
    const rows = await this.hits(q, userId, terms);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > q.limit && last ? encodeCursor({ at: new Date(last.at).toISOString(), id: last.id }) : null;
    return { conversations: await this.present(page, terms), nextCursor };
  }

  private async hits(q: SearchQuery, userId: string, terms: Term[]): Promise<HitRow[]> {
    const pg = this.provider === 'postgresql';
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), pg ? `$${params.length}` : '?');
    const time = (iso: string) => (pg ? `(${p(iso)}::timestamptz AT TIME ZONE 'UTC')` : p(sqliteTime(iso)));
    const match = pg ? tsqueryExpression(terms) : fts5Expression(terms);
    const messages = pg
      ? `SELECT m."conversationId" AS cid, m."id" AS mid FROM "Message" m WHERE sb_message_search(m."body") @@ to_tsquery('simple', ${p(match)})`
      : `SELECT m."conversationId" AS cid, m."id" AS mid FROM "MessageSearch" s JOIN "Message" m ON m."id" = s.rowid WHERE "MessageSearch" MATCH ${p(match)}`;
    const customers = pg
      ? `SELECT c2."id" AS cid, NULL AS mid FROM "Customer" cu JOIN "Conversation" c2 ON c2."customerId" = cu."id" WHERE sb_customer_search(cu."name", cu."email", cu."company", cu."phone") @@ to_tsquery('simple', ${p(match)})`
      : `SELECT c2."id" AS cid, NULL AS mid FROM "CustomerSearch" cs JOIN "Conversation" c2 ON c2."customerId" = cs."customerId" WHERE "CustomerSearch" MATCH ${p(match)}`;
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
    if (q.cursor) where.push(`(c."lastMessageAt" < ${time(q.cursor.at)} OR (c."lastMessageAt" = ${time(q.cursor.at)} AND c."id" < ${p(q.cursor.id)}))`);
    const sql = `SELECT c."id" AS "id", c."lastMessageAt" AS "at", h."messageId" AS "messageId"
      FROM (SELECT "cid", max("mid") AS "messageId" FROM (${messages} UNION ALL ${customers}) u GROUP BY "cid") h
      JOIN "Conversation" c ON c."id" = h."cid"
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY c."lastMessageAt" DESC, c."id" DESC LIMIT ${p(q.limit + 1)}`;
    return this.db.$queryRawUnsafe<HitRow[]>(sql, ...params);
  }

  private async present(page: HitRow[], terms: Term[]): Promise<SearchPage['conversations']> {
    const messageIds = page.flatMap((r) => (r.messageId === null ? [] : [Number(r.messageId)]));
    const [rows, messages] = await Promise.all([
      this.db.conversation.findMany({ where: { id: { in: page.map((r) => r.id) } }, include: { ...summaryInclude, customer: { select: { ...summaryInclude.customer.select, company: true } } } }),
      this.db.message.findMany({ where: { id: { in: messageIds } }, select: { id: true, body: true, private: true } }),
    ]);
    const byId = new Map((await withLastMessage(this.db, rows)).map((r) => [r.id, r]));
    const bodies = new Map(messages.map((m) => [m.id, m]));
    return page.flatMap((hit) => {
      const row = byId.get(hit.id);
      if (!row) return [];
      const message = hit.messageId === null ? undefined : bodies.get(Number(hit.messageId));
      const { company, ...customer } = row.customer;
      const who = [customer.name, customer.email, customer.phone, company].filter(Boolean).join(' · ');
      const match: SearchMatch = message
        ? { messageId: message.id, private: message.private, snippet: snippet(message.body, terms) }
        : { messageId: null, private: false, snippet: snippet(who, terms) };
      return [{ ...conversationSummary({ ...row, customer }), match }];
    });
  }
}
