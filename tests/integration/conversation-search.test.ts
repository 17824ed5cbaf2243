// Conversation search (GET /api/conversations?q=) on SQLite FTS5 and PostgreSQL tsvector/GIN:
// any age, CJK, highlights, filters, paging, kept current by the hot path, staff only, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationSearch, type SearchPage } from '../../server/search/conversation-search.js';
import { searchQuery } from '../../server/search/query.js';
import { parse } from '../../server/http/validate.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { randomId } from './support.js';

type Page = SearchPage;

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let token: string;
  let inboxId: string;
  const search = (query: string) => server.api<Page>('GET', `/api/conversations?${query}`, { token });
  const q = (text: string, more = '') => search(`q=${encodeURIComponent(text)}${more}`);

  /** A web chat from a new visitor; later messages of the same visitor take the hot path. */
  async function chat(text: string, visitor = randomId('v')) {
    const r = await server.app.ctx.ingest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: visitor, verified: true }, text, clientMessageId: randomId('c') });
    return { ...r, visitor };
  }

  /** Routing classifies a new conversation after ingest answers: wait, so it does not overwrite the test's own type. */
  async function routed(conversationId: string) {
    for (let i = 0; i < 100; i++) {
      const row = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      if (row.queuedAt || row.type) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('conversation was never routed');
  }

  beforeAll(async () => {
    server = await startTestServer(db);
    token = await server.login();
    inboxId = (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('finds a year-old resolved conversation by a word of an old message, with the hit highlighted and escaped', async () => {
    const word = `zeppelin${randomId('w').replace(/\W/g, '').toLowerCase()}`;
    const old = await chat(`My <b>order</b> arrived broken, the ${word} is cracked & leaking`);
    const yearAgo = new Date(Date.now() - 366 * 86_400_000);
    await server.app.ctx.db.message.updateMany({ where: { conversationId: old.conversationId }, data: { createdAt: yearAgo } });
    await server.app.ctx.db.conversation.update({ where: { id: old.conversationId }, data: { status: 'resolved', resolvedAt: yearAgo, lastMessageAt: yearAgo, createdAt: yearAgo } });
    // Default list: open only, newest first; the old one is not there.
    const list = await server.api<{ conversations: { id: string }[] }>('GET', '/api/conversations', { token });
    expect(list.body.conversations.map((c) => c.id)).not.toContain(old.conversationId);

    const res = await q(word.toUpperCase());
    expect(res.status).toBe(200);
    expect(res.body.conversations.map((c) => c.id)).toEqual([old.conversationId]);
    const [hit] = res.body.conversations;
    expect(hit!.match.messageId).toBe(old.messageId);
    expect(hit!.match.snippet).toContain(`<mark>${word}</mark>`);
    expect(hit!.match.snippet).toContain('&#60;b&#62;order&#60;/b&#62;');
    expect(hit!.match.snippet).not.toMatch(/<b>/);
    expect(hit!.status).toBe('resolved');
    // The last word is a prefix: typing part of it finds it too.
    expect((await q(word.slice(0, -3))).body.conversations.map((c) => c.id)).toEqual([old.conversationId]);
  });

  it('finds Chinese inside a longer run: 退款 finds 我要退款', async () => {
    const mark = randomId('cn');
    const r = await chat(`${mark} 你好，我要退款！订单还没到`);
    const res = await q(`退款 ${mark}`);
    expect(res.body.conversations.map((c) => c.id)).toEqual([r.conversationId]);
    expect(res.body.conversations[0]!.match.snippet).toContain('<mark>退款</mark>');
    expect((await q(`款退 ${mark}`)).body.conversations).toEqual([]);
  });

  it('finds a conversation by the customer name, email and any part of the phone', async () => {
    const r = await chat('hello there');
    const tag = randomId('n').replace(/\W/g, '');
    const conversation = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: r.conversationId } });
    await server.app.ctx.db.customer.update({ where: { id: conversation.customerId }, data: { name: `Ada ${tag}`, email: `ada.${tag}@example.com`, phone: '+4915123987654' } });
    for (const text of [tag, `ada.${tag}@example.com`, '23987654', '+49 151 2398']) {
      const res = await q(text);
      expect(res.body.conversations.map((c) => c.id), text).toContain(r.conversationId);
    }
    const hit = (await q(tag)).body.conversations.find((c) => c.id === r.conversationId)!;
    expect(hit.match.messageId).toBeNull();
    expect(hit.match.snippet).toContain(`<mark>${tag}</mark>`);
  });

  it('stays current: a hot-path message, an agent reply and a private note are found at once', async () => {
    const first = await chat('first message');
    const word = randomId('hot').replace(/\W/g, '');
    const next = await server.app.ctx.ingest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: first.visitor, verified: true }, text: `second ${word}`, clientMessageId: randomId('c') });
    expect(next.conversationId).toBe(first.conversationId);
    expect((await q(word)).body.conversations.map((c) => c.match.messageId)).toEqual([next.messageId]);

    const reply = await server.api<{ id: number }>('POST', `/api/conversations/${first.conversationId}/messages`, { token, body: { body: `agent says ${word}reply` } });
    expect(reply.status).toBe(201);
    expect((await q(`${word}reply`)).body.conversations.map((c) => c.match.messageId)).toEqual([reply.body.id]);

    const note = await server.api<{ id: number }>('POST', `/api/conversations/${first.conversationId}/messages`, { token, body: { body: `internal ${word}note`, private: true } });
    const found = (await q(`${word}note`)).body.conversations;
    expect(found.map((c) => c.match)).toEqual([expect.objectContaining({ messageId: note.body.id, private: true })]);
  });

  it('is staff only: no token or a visitor token cannot search, so no note reaches a customer', async () => {
    expect((await server.api('GET', '/api/conversations?q=internal')).status).toBe(401);
    const { token: visitorToken } = server.app.ctx.visitorTokens.mint(inboxId);
    expect((await server.api('GET', '/api/conversations?q=internal', { token: visitorToken })).status).toBe(401);
  });

  it('composes with filters and pages with a cursor, one row per conversation', async () => {
    const word = randomId('pg').replace(/\W/g, '');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await chat(`${word} number ${i}`);
      await server.app.ctx.ingest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: r.visitor, verified: true }, text: `again ${word}`, clientMessageId: randomId('c') });
      await routed(r.conversationId);
      await server.app.ctx.db.conversation.update({ where: { id: r.conversationId }, data: { lastMessageAt: new Date(Date.UTC(2026, 0, 10 + i)), type: i % 2 ? 'billing' : 'sales', status: i === 4 ? 'resolved' : 'open' } });
      ids.push(r.conversationId);
    }
    const newestFirst = [...ids].reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: Page } = await q(word, `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.body.conversations.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.conversations.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(newestFirst);

    expect((await q(word, '&type=billing')).body.conversations.map((c) => c.id)).toEqual([ids[3], ids[1]]);
    expect((await q(word, '&status=resolved')).body.conversations.map((c) => c.id)).toEqual([ids[4]]);
    expect((await q(word, '&status=open&type=sales')).body.conversations.map((c) => c.id)).toEqual([ids[2], ids[0]]);
    expect((await q(word, '&from=2026-01-11T00:00:00.000Z&to=2026-01-13T00:00:00.000Z')).body.conversations.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect((await q(word, '&channel=email')).body.conversations).toEqual([]);
    expect((await q(word, '&filter=unassigned&limit=1')).body.nextCursor).not.toBeNull();
  });

  it('pages by newest hit: a conversation with older hits and one matched by its customer each come once, in order', async () => {
    const word = randomId('dd').replace(/\W/g, '');
    const say = (visitor: string, text: string) => server.app.ctx.ingest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: visitor, verified: true }, text, clientMessageId: randomId('c') });
    const a = await chat(`${word} from a`);
    const b = await chat(`${word} from b`);
    const d = await chat(`${word} old hit from d`);
    const c = await chat(`${word} from c`);
    await say(a.visitor, `${word} again from a`);
    const customerId = (await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: d.conversationId } })).customerId;
    await server.app.ctx.db.customer.update({ where: { id: customerId }, data: { name: `Dee ${word}` } });
    await say(d.visitor, 'still nothing');
    // Keys: d (newest message, its customer matched; its old hit must not bring it back), a (its second hit), c, b.
    const expected = [d.conversationId, a.conversationId, c.conversationId, b.conversationId];
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: Page } = await q(word, `&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.body.conversations.map((x) => x.id));
        cursor = res.body.nextCursor;
      } while (cursor && seen.length < 10);
      expect(seen, `limit ${limit}`).toEqual(expected);
    }
    // The same pages when customers' conversations are found by walking messages (as for a common name).
    const walking = new ConversationSearch(server.app.ctx.db, db === 'postgres' ? 'postgresql' : 'sqlite', 0);
    const query = parse(searchQuery, { q: word, limit: '1' });
    const walked: string[] = [];
    for (let page = await walking.search(query, 'nobody'); ; ) {
      walked.push(...page.conversations.map((x) => x.id));
      if (!page.nextCursor || walked.length > 10) break;
      page = await walking.search(parse(searchQuery, { q: word, limit: '1', cursor: page.nextCursor }), 'nobody');
    }
    expect(walked).toEqual(expected);
  });

  it('bad input: too long is 400 naming q; punctuation, engine syntax and odd bytes never fail', async () => {
    const long = await q('a'.repeat(10_000));
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((long.body as unknown as { message: string }).message).toMatch(/^q:/);
    expect((await search('q=a&q=b')).status).toBe(400);
    expect((await q('x', '&cursor=not-a-cursor')).status).toBe(400);
    // Invalid UTF-8 and an encoded lone surrogate, as raw bytes on the wire.
    for (const raw of ['%FF%FEx', '%ED%A0%80', '%C0%AF', '%00']) expect((await search(`q=${raw}`)).status, raw).toBe(200);
    for (const text of ['', '   ', '!!!', '?*"-:()', '"', '*', 'NEAR(a b)', 'a NEAR b', '-foo', 'body:foo', 'foo AND', 'OR', '"unterminated', "it's", '\u0000\u0001', '💥', '\\', "'; DROP TABLE", '^foo', 'a&b|c!d', 'foo:*', '<->']) {
      const res = await q(text);
      expect(res.status, JSON.stringify(text)).toBe(200);
      expect(Array.isArray(res.body.conversations)).toBe(true);
    }
  });
});
