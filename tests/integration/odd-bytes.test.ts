// NUL and lone surrogates (half an emoji) at every edge: text is cleaned once where it enters
// (HTTP JSON and query strings, socket payloads, every channel's inbound message), never a 500.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../channels/types.js';
import { MAX_CHANNEL_TEXT } from '../../server/ingest/ingest.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, emitAck, randomId, type Visitor } from './support.js';

const NUL = '\u0000';
const LONE = '\uD83D'; // the first half of an emoji, alone
const wellFormed = (s: string) => !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let token: string;
  let inboxToken: string;
  const open: Visitor[] = [];

  beforeAll(async () => {
    server = await startTestServer(db);
    token = await server.login();
    inboxToken = await server.inboxToken();
  });
  afterEach(() => closeAll(...open.splice(0).map((v) => v.socket)));
  afterAll(async () => {
    await server?.close();
  });

  async function chat(body: string) {
    const v = await connectVisitor(server.url, { inboxToken });
    open.push(v);
    return emitAck<{ id: number; body: string; conversationId: string }>(v.socket, 'message.send', { clientMessageId: randomId('odd'), body });
  }

  it('a visitor message with NUL and a lone surrogate is stored cleaned and acked', async () => {
    const ack = await chat(`pay${NUL}ment ${LONE}failed`);
    expect(ack).toMatchObject({ ok: true, data: { body: 'payment \uFFFDfailed' } });
    const stored = await server.app.ctx.db.message.findUniqueOrThrow({ where: { id: ack.ok ? ack.data.id : 0 } });
    expect(stored.body).toBe('payment \uFFFDfailed');
  });

  it('an agent reply, a customer edit, a KB article and a customer search with odd bytes all answer 2xx', async () => {
    const ack = await chat('hello');
    const conversationId = ack.ok ? ack.data.conversationId : '';
    const reply = await server.api<{ body: string }>('POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: `we${NUL} are ${LONE}here` } });
    expect(reply.status).toBe(201);
    expect(reply.body.body).toBe('we are \uFFFDhere');

    const { customerId } = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const edit = await server.api<{ name: string; notes: string }>('PATCH', `/api/customers/${customerId}`, { token, body: { name: `Ann${NUL}a ${LONE}`, notes: `n${NUL}otes`, tags: [`vip${LONE}`] } });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.name).toBe('Anna \uFFFD');

    const article = await server.api<{ id: string; title: string }>('POST', '/api/kb/articles', { token, body: { title: `Re${NUL}funds ${LONE}`, body: `How${NUL} refunds work ${LONE}`, status: 'published' } });
    expect(article.status, JSON.stringify(article.body)).toBe(201);
    expect(article.body.title).toBe('Refunds \uFFFD');

    // Raw query strings: NUL, the UTF-8-style bytes of a lone surrogate, a cut multi-byte character.
    for (const q of ['An%00na', 'x%ED%A0%BD', '%00', '%F0%9F']) {
      const raw = await fetch(`${server.url}/api/customers?q=${q}`, { headers: { authorization: `Bearer ${token}` } });
      expect(raw.status, q).toBeLessThan(500);
    }
    const kbSearch = await fetch(`${server.url}/api/kb/search?q=refunds%00${encodeURIComponent('\uFFFD')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(kbSearch.status).toBe(200);
  });

  it('a socket payload with a lone surrogate in an id field is a clear answer, never INTERNAL', async () => {
    const v = await connectVisitor(server.url, { inboxToken });
    open.push(v);
    const ack = await emitAck(v.socket, 'message.send', { clientMessageId: `id${NUL}${LONE}`, body: 'ok' });
    expect(ack.ok).toBe(true);
  });

  it("a channel's long text cut mid-emoji, odd bytes in subject and sender name, and a long emoji file name are stored well-formed", async () => {
    const inboxId = (await server.app.ctx.db.inbox.create({ data: { channel: 'email', name: randomId('odd'), publicToken: randomId('em'), settings: {} } })).id;
    const text = 'a'.repeat(MAX_CHANNEL_TEXT - 1) + '😀'.repeat(10); // the cut at MAX_CHANNEL_TEXT falls inside an emoji
    const msg: InboundMessage = {
      inboxId, channel: 'email', externalId: `<${randomId('m')}${NUL}@example.com>`, text, subject: `Invoice${NUL} ${LONE}`,
      sender: { kind: 'email', value: `${randomId('s')}@example.com`, name: `Bo${NUL}b ${LONE}`, verified: true },
      attachments: [{ filename: `${'📎'.repeat(150)}.txt`, contentType: 'text/plain', data: Buffer.from('hello') }],
    };
    const result = await server.app.ctx.ingest.receive(msg);
    const stored = await server.app.ctx.db.message.findUniqueOrThrow({ where: { id: result.messageId }, include: { attachments: true, conversation: { include: { customer: true } } } });
    expect(wellFormed(stored.body)).toBe(true);
    expect(stored.body.startsWith('a'.repeat(MAX_CHANNEL_TEXT - 1))).toBe(true);
    expect(wellFormed(stored.conversation.subject ?? '')).toBe(true);
    expect(stored.conversation.subject).toBe('Invoice \uFFFD');
    expect(stored.conversation.customer.name).toBe('Bob \uFFFD');
    expect(wellFormed(stored.attachments[0]!.filename)).toBe(true);
    // Redelivered with the same odd id: found, not stored twice.
    expect((await server.app.ctx.ingest.receive(msg)).created).toBe(false);
  });
});
