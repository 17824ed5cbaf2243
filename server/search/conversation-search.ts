// Conversation search: message text (notes included: staff only) and the customer's name, email,
// company and phone, through SQLite FTS5 or PostgreSQL's GIN-indexed tsvectors (docs/search.md).
// One row per conversation, ordered by its newest hit (a matching message's id, or the newest
// message when the customer matched), keyset-paged on that key. A page reads the two hit streams
// in chunks from the cursor down until it is full, so a word in 100,000 messages costs one page.
import type { Db } from '../db/client.js';
import type { DatabaseTarget } from '../db/target.js';
import { conversationSummary, summaryInclude } from '../domain/views.js';
import { withLastMessage } from '../conversations/last-messages.js';
import type { ConversationSummary } from '../realtime/contract.js';
import { SearchHits, type Hit } from './hits.js';
import { encodeCursor, type SearchQuery } from './query.js';
import { snippet } from './snippet.js';
import { customerSearchText, matchesTerms, queryTerms, type Term } from './text.js';

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

interface Found { cid: string; key: number; messageKey: number | null }

/** Above this many matching customers, their conversations are found by walking messages newest first. */
const WALK_CUSTOMERS = 300;

const customerSelect = { ...summaryInclude.customer.select, company: true } as const;

export class ConversationSearch {
  private hits: SearchHits;

  constructor(private db: Db, provider: DatabaseTarget['provider'], private walkCustomers = WALK_CUSTOMERS) {
    this.hits = new SearchHits(db, provider);
  }

  async search(q: SearchQuery, userId: string): Promise<SearchPage> {
    const terms = queryTerms(q.q);
    if (!terms.length) return { conversations: [], nextCursor: null };
    const found = await this.collect(q, userId, terms, q.limit + 1);
    const page = found.slice(0, q.limit);
    const nextCursor = found.length > q.limit ? encodeCursor({ key: page.at(-1)!.key }) : null;
    return { conversations: await this.present(page, terms), nextCursor };
  }

  /** Customer search (GET /api/customers?q=) over the same index: ids, last updated first. */
  async customerIds(q: string, limit: number): Promise<string[]> {
    const terms = queryTerms(q);
    return terms.length ? this.hits.customerIds(terms, limit) : [];
  }

  /** Up to `want` conversations in key order below the cursor, each once, none a previous page showed. */
  private async collect(q: SearchQuery, userId: string, terms: Term[], want: number): Promise<Found[]> {
    const chunk = Math.max(64, want * 4);
    const out: Found[] = [];
    const seen = new Set<string>();
    let below = q.cursor?.key ?? null;
    const walk = (await this.hits.customerCount(terms)) > this.walkCustomers;
    for (;;) {
      const [messages, customers] = await Promise.all([
        this.hits.messages(q, userId, terms, below, chunk),
        this.hits.customers(q, userId, terms, below, walk ? chunk * 4 : chunk, walk),
      ]);
      // Below the lowest key of a stream that filled its chunk, the other stream may be ahead: stop there.
      const lowest = (hits: Hit[], full: boolean) => (full && hits.length ? hits.at(-1)!.key : 0);
      const floor = Math.max(lowest(messages, messages.length === chunk), lowest(customers.hits, customers.full));
      // A walked hit is a conversation's newest message only when nothing newer exists above `below`.
      const newest = walk ? await this.hits.newest(customers.hits.map((h) => h.cid)) : null;
      const byCustomer = newest ? customers.hits.filter((h) => newest.get(h.cid) === h.key) : customers.hits;
      const merged = mergeByConversation([...messages, ...byCustomer].filter((h) => h.key >= floor && !seen.has(h.cid)));
      for (const f of merged) seen.add(f.cid);
      out.push(...(q.cursor ? await this.notShownBefore(merged, terms, q.cursor.key) : merged));
      if (out.length >= want || floor === 0) return out.slice(0, want);
      below = floor;
    }
  }

  /** Drops conversations whose key (over all their hits) reaches the cursor: an earlier page had them. */
  private async notShownBefore(found: Found[], terms: Term[], cursor: number): Promise<Found[]> {
    // A customer-field hit already carries the conversation's newest message: only message-only hits can hide a higher key.
    const messageOnly = found.filter((f) => f.messageKey === f.key).map((f) => f.cid);
    if (!messageOnly.length) return found;
    const [rows, newest, matched] = await Promise.all([
      this.db.conversation.findMany({ where: { id: { in: messageOnly } }, select: { id: true, customer: { select: customerSelect } } }),
      this.hits.newest(messageOnly),
      this.hits.matchedSince(messageOnly, terms, cursor),
    ]);
    const customerMatches = new Set(rows.filter((r) => matchesTerms(customerSearchText(r.customer.name, r.customer.email, r.customer.company, r.customer.phone), terms)).map((r) => r.id));
    return found.filter((f) => !matched.has(f.cid) && !(customerMatches.has(f.cid) && (newest.get(f.cid) ?? 0) >= cursor));
  }

  private async present(page: Found[], terms: Term[]): Promise<SearchPage['conversations']> {
    const messageIds = page.flatMap((f) => (f.messageKey === null ? [] : [f.messageKey]));
    const [rows, messages] = await Promise.all([
      this.db.conversation.findMany({ where: { id: { in: page.map((f) => f.cid) } }, include: { ...summaryInclude, customer: { select: customerSelect } } }),
      this.db.message.findMany({ where: { id: { in: messageIds } }, select: { id: true, body: true, private: true } }),
    ]);
    const byId = new Map((await withLastMessage(this.db, rows)).map((r) => [r.id, r]));
    const bodies = new Map(messages.map((m) => [m.id, m]));
    return page.flatMap((f) => {
      const row = byId.get(f.cid);
      if (!row) return [];
      const message = f.messageKey === null ? undefined : bodies.get(f.messageKey);
      const { company, ...customer } = row.customer;
      const who = [customer.name, customer.email, customer.phone, company].filter(Boolean).join(' · ');
      const match: SearchMatch = message
        ? { messageId: message.id, private: message.private, snippet: snippet(message.body, terms) }
        : { messageId: null, private: false, snippet: snippet(who, terms) };
      return [{ ...conversationSummary({ ...row, customer }), match }];
    });
  }
}

/** One entry per conversation, highest key first; messageKey is its newest matching message. */
function mergeByConversation(hits: Hit[]): Found[] {
  const by = new Map<string, Found>();
  for (const h of hits) {
    const f = by.get(h.cid) ?? { cid: h.cid, key: 0, messageKey: null };
    f.key = Math.max(f.key, h.key);
    if (h.fromMessage) f.messageKey = Math.max(f.messageKey ?? 0, h.key);
    by.set(h.cid, f);
  }
  return [...by.values()].sort((a, b) => b.key - a.key);
}
