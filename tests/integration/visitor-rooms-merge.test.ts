// Who receives a conversation's replies is cached per conversation (server/realtime/visitor-rooms.ts):
// a merge, its undo and a signed-in visitor joining a customer must drop that answer at once.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PublicMessage } from '../../server/realtime/contract.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, record, sendVisitorMessage, type Visitor } from './support.js';

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let inboxToken: string;
  let token: string;
  const open: Visitor[] = [];

  beforeAll(async () => {
    server = await startTestServer(db);
    inboxToken = await server.inboxToken();
    token = await server.login();
  });
  afterEach(() => {
    vi.useRealTimers();
    closeAll(...open.splice(0).map((v) => v.socket));
  });
  afterAll(async () => {
    await server?.close();
  });

  async function visitorWithConversation(text: string) {
    const v = await connectVisitor(server.url, { inboxToken });
    open.push(v);
    const first = await sendVisitorMessage(v.socket, text);
    const conversation = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } });
    return { v, conversationId: first.conversationId, customerId: conversation.customerId };
  }
  async function reply(conversationId: string, body: string) {
    const res = await server.api('POST', `/api/conversations/${conversationId}/messages`, { token, body: { body } });
    expect(res.status).toBe(201);
  }

  it('after a merge the merged conversation reaches both visitors; after its undo, each only their own', async () => {
    const a = await visitorWithConversation('I am A');
    const b = await visitorWithConversation('I am B');
    const aGets = record<PublicMessage>(a.v.socket, 'message.created');
    const bGets = record<PublicMessage>(b.v.socket, 'message.created');

    const merged = await server.api<{ auditId: string }>('POST', `/api/customers/${b.customerId}/merge`, { token, body: { sourceId: a.customerId } });
    expect(merged.status).toBe(200);
    await reply(b.conversationId, 'to the merged customer');
    await aGets.waitFor((m) => m.body === 'to the merged customer');
    await bGets.waitFor((m) => m.body === 'to the merged customer');

    expect((await server.api('POST', `/api/customers/merges/${merged.body.auditId}/undo`, { token })).status).toBe(200);
    await reply(b.conversationId, 'for B only');
    await reply(a.conversationId, 'for A only');
    // A hears its own reply, sent after B's: by then B's would have arrived too, had A still been a recipient.
    await aGets.waitFor((m) => m.body === 'for A only');
    await bGets.waitFor((m) => m.body === 'for B only');
    expect(aGets.events.map((m) => m.body)).not.toContain('for B only');
    expect(bGets.events.map((m) => m.body)).not.toContain('for A only');
  });

  it('an undo drops an answer read while merged, even one cached long after the merge', async () => {
    const a = await visitorWithConversation('A again');
    const b = await visitorWithConversation('B again');
    const merged = await server.api<{ auditId: string }>('POST', `/api/customers/${b.customerId}/merge`, { token, body: { sourceId: a.customerId } });
    // A minute later, every answer cached before the merge has expired and is read again, merged.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    const aGets = record<PublicMessage>(a.v.socket, 'message.created');
    await reply(b.conversationId, 'while merged');
    await aGets.waitFor((m) => m.body === 'while merged');

    expect((await server.api('POST', `/api/customers/merges/${merged.body.auditId}/undo`, { token })).status).toBe(200);
    await reply(b.conversationId, 'after the undo, for B');
    await reply(a.conversationId, 'after the undo, for A');
    await aGets.waitFor((m) => m.body === 'after the undo, for A');
    expect(aGets.events.map((m) => m.body)).not.toContain('after the undo, for B');
  });
});
