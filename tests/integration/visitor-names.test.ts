// Web visitors are told apart: the widget's page, locale and zone from the handshake name a new
// visitor's customer ("Visitor 4821 · Berlin · /pricing") in lists, detail and Customer 360; bad
// context never refuses a connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, sendVisitorMessage, type Visitor } from './support.js';

type Label = { number: number; city: string | null; page: string | null };
type Summary = { id: string; customer: { id: string; name: string | null; visitor: Label } };

describe.each(databases())('visitor names on %s', (db) => {
  let server: TestServer;
  let token: string;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    server = await startTestServer(db);
    token = await server.login();
  });
  afterAll(async () => {
    closeAll(...visitors.map((v) => v.socket));
    await server?.close();
  });

  it('a visitor from /pricing in Berlin is "Visitor N · Berlin · /pricing" everywhere', async () => {
    const v = await connectVisitor(server.url, { inboxToken: await server.inboxToken(), context: { page: '/pricing?plan=pro', locale: 'de-DE', timeZone: 'Europe/Berlin' } });
    visitors.push(v);
    const { conversationId } = await sendVisitorMessage(v.socket, 'How much is the pro plan?');
    const detail = await server.api<Summary>('GET', `/api/conversations/${conversationId}`, { token });
    expect(detail.body.customer.visitor).toMatchObject({ city: 'Berlin', page: '/pricing' });
    const n = detail.body.customer.visitor.number;
    expect(n).toBeGreaterThanOrEqual(1000);
    const list = await server.api<{ conversations: Summary[] }>('GET', '/api/conversations?status=all', { token });
    expect(list.body.conversations.find((c) => c.id === conversationId)?.customer.visitor).toEqual({ number: n, city: 'Berlin', page: '/pricing' });
    const profile = await server.api<{ visitor: Label; visitorContext?: unknown }>('GET', `/api/customers/${detail.body.customer.id}`, { token });
    expect(profile.body.visitor).toEqual({ number: n, city: 'Berlin', page: '/pricing' });
    expect(profile.body).not.toHaveProperty('visitorContext');
    const stored = await server.app.ctx.db.customer.findUniqueOrThrow({ where: { id: detail.body.customer.id } });
    expect(stored.visitorContext).toEqual({ page: '/pricing', locale: 'de-DE', timeZone: 'Europe/Berlin' });
  });

  it('context that does not check out is left out; the visitor still connects and writes', async () => {
    for (const context of [{ page: 'javascript:alert(1)', locale: '!!', timeZone: 'Mars/Olympus' }, 'not an object', { page: '/x'.repeat(5000), timeZone: '\u0000' }]) {
      const v = await connectVisitor(server.url, { inboxToken: await server.inboxToken(), context });
      visitors.push(v);
      const { conversationId } = await sendVisitorMessage(v.socket, 'hello');
      const detail = await server.api<Summary>('GET', `/api/conversations/${conversationId}`, { token });
      expect(detail.status).toBe(200);
      expect(detail.body.customer.visitor.city).toBeNull();
      if (typeof context === 'object' && context.page?.startsWith('/x')) expect(detail.body.customer.visitor.page!.length).toBe(120);
      else expect(detail.body.customer.visitor.page).toBeNull();
    }
  });
});
