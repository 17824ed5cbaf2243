// A new web visitor's first message is stored in plain SQL (server/ingest/first-message-sqlite.ts,
// one statement in message-store-postgres.ts): the rows, routing, retries and webhooks must be
// those of the full path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, emitOk, randomId, sendVisitorMessage } from './support.js';
import type { PublicMessage } from '../../server/realtime/contract.js';
import type { Socket } from 'socket.io-client';

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let inboxToken: string;
  const open: Socket[] = [];

  beforeAll(async () => {
    server = await startTestServer(db);
    inboxToken = await server.inboxToken();
  });
  afterAll(async () => {
    closeAll(...open);
    await server?.close();
  });

  async function visitor() {
    const v = await connectVisitor(server.url, { inboxToken });
    open.push(v.socket);
    return v;
  }

  it('stores the customer, visitor identity, conversation and message as the full path does, then routes it once', async () => {
    const v = await visitor();
    const clientMessageId = randomId('c');
    const first = await sendVisitorMessage(v.socket, 'My invoice shows the wrong amount, please refund', clientMessageId);
    const { ctx } = server.app;
    await ctx.routing.settled();
    const conversation = await ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId }, include: { customer: { include: { identities: true } }, messages: true, routing: true } });
    expect(conversation).toMatchObject({ channel: 'webchat', status: 'open', priority: expect.any(Number), metricsRev: expect.any(Number) });
    expect(conversation.teamId).not.toBeNull();
    expect(conversation.routing.filter((r) => r.action === 'classified')).toHaveLength(1);
    expect(conversation.customer).toMatchObject({ attributes: {}, tags: [], name: null, email: null });
    expect(conversation.customer.identities).toEqual([expect.objectContaining({ kind: 'visitor', value: v.ready.visitorId, verified: true })]);
    expect(conversation.messages).toEqual([expect.objectContaining({ id: first.id, body: first.body, direction: 'in', authorKind: 'customer', clientMessageId, deliveryStatus: 'delivered' })]);
    expect(conversation.messages[0]!.createdAt.toISOString()).toBe(first.createdAt);
    expect(conversation.lastCustomerMessageAt?.toISOString()).toBe(first.createdAt);

    // A retried send stores nothing; the next message joins the same conversation.
    const retry = await emitOk<PublicMessage>(v.socket, 'message.send', { clientMessageId, body: first.body });
    expect(retry).toMatchObject({ id: first.id, conversationId: first.conversationId });
    const second = await sendVisitorMessage(v.socket, 'any news?');
    expect(second.conversationId).toBe(first.conversationId);
    expect(await ctx.db.customerIdentity.count({ where: { kind: 'visitor', value: v.ready.visitorId } })).toBe(1);
  });

  it('a burst of new visitors gets one conversation each, each routed exactly once', async () => {
    const visitors = await Promise.all(Array.from({ length: 30 }, () => visitor()));
    const sent = await Promise.all(visitors.map((v, i) => sendVisitorMessage(v.socket, `I need help with my order number ${i}`)));
    expect(new Set(sent.map((m) => m.conversationId)).size).toBe(30);
    const { ctx } = server.app;
    await ctx.routing.settled();
    const ids = sent.map((m) => m.conversationId);
    expect(await ctx.db.conversation.count({ where: { id: { in: ids }, teamId: { not: null } } })).toBe(30);
    expect(await ctx.db.routingEvent.count({ where: { conversationId: { in: ids }, action: 'classified' } })).toBe(30);
  });

  it('with an endpoint subscribed to conversation.created, the delivery is queued with the conversation', async () => {
    const { ctx } = server.app;
    const endpointId = randomId('ep');
    const endpoint = { id: endpointId, url: 'https://hooks.example.com/in', events: ['conversation.created'], secret: 's'.repeat(32), enabled: true, createdAt: new Date().toISOString() };
    await ctx.db.setting.create({ data: { key: `webhook:${endpointId}`, value: JSON.stringify(endpoint) } });
    try {
      const v = await visitor();
      const first = await sendVisitorMessage(v.socket, 'hello');
      const job = await ctx.db.outboxJob.findUnique({ where: { dedupeKey: `webhook:${endpointId}:conversation.created:${first.conversationId}` } });
      expect(job).not.toBeNull();
    } finally {
      await ctx.db.setting.delete({ where: { key: `webhook:${endpointId}` } });
      await ctx.db.outboxJob.deleteMany({ where: { lane: `webhook:${endpointId}` } });
    }
  });

  it('asked for its place in line right after the ack, a new conversation answers once routing has queued it', async () => {
    const v = await visitor();
    await sendVisitorMessage(v.socket, `Where is my order? ${randomId('q')}`);
    // Routing runs after the ack; nobody is online, so the conversation waits in its team's queue.
    const place = await emitOk<{ position: number }>(v.socket, 'queue.position', {});
    expect(place.position).toBeGreaterThanOrEqual(1);
  });
});
