// The caches on the chat path: the summary behind agents' list updates and suggestions, and the
// visitor rooms each message is sent to. When an entry is missing or expired, callers arriving
// together share one read (a stampede of reads had pushed PostgreSQL's paced p99 past 500 ms),
// and a message recorded while a summary read was in flight is not lost.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../server/db/client.js';
import { ConversationService } from '../../server/conversations/service.js';
import { DomainBus } from '../../server/domain/events.js';
import { VisitorRooms } from '../../server/realtime/visitor-rooms.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { randomId } from './support.js';

describe.each(databases())('%s', (kind) => {
  let server: TestServer;
  let conversationId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    const inboxId = (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
    const first = await server.app.ctx.ingest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: randomId('v'), verified: true }, text: 'hello', clientMessageId: randomId('c') });
    conversationId = first.conversationId;
  });
  afterAll(async () => {
    vi.useRealTimers();
    await server?.close();
  });

  /** A database whose conversation reads are counted. */
  function countedDb(): { counted: Db; reads: () => number } {
    const db = server.app.ctx.db;
    let reads = 0;
    const conversation = new Proxy(db.conversation, {
      get: (target, prop, receiver) => (prop === 'findUnique' ? (...args: Parameters<typeof target.findUnique>) => (reads++, target.findUnique(...args)) : Reflect.get(target, prop, receiver)),
    });
    const counted = new Proxy(db, { get: (target, prop, receiver) => (prop === 'conversation' ? conversation : Reflect.get(target, prop, receiver)) }) as Db;
    return { counted, reads: () => reads };
  }
  function countedService(): { service: ConversationService; reads: () => number } {
    const { counted, reads } = countedDb();
    return { service: new ConversationService(counted, new DomainBus(() => undefined), 10_000, () => undefined), reads };
  }

  it('fifty callers of a missing entry share one read', async () => {
    const { service, reads } = countedService();
    const summaries = await Promise.all(Array.from({ length: 50 }, () => service.cachedSummary(conversationId)));
    expect(reads()).toBe(1);
    expect(new Set(summaries.map((s) => s.id))).toEqual(new Set([conversationId]));
    await service.cachedSummary(conversationId);
    expect(reads()).toBe(1);
  });

  it('after expiry, callers share one read again, and a message recorded during it is kept', async () => {
    const { service, reads } = countedService();
    await service.cachedSummary(conversationId);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    const later = new Date(Date.now() + 1000);
    const pending = Promise.all(Array.from({ length: 20 }, () => service.cachedSummary(conversationId)));
    // Recorded before the read returns: the row it reads does not have this message.
    service.recordMessage(conversationId, { body: 'newer than the row', authorKind: 'customer', private: false, createdAt: later });
    const summaries = await pending;
    vi.useRealTimers();
    expect(reads()).toBe(2);
    for (const s of summaries) expect(s.lastMessage?.body).toBe('newer than the row');
    expect((await service.cachedSummary(conversationId)).lastMessageAt).toBe(later.toISOString());
  });

  it("a new chat's messages asking for its visitor rooms together share one read; a failed read is not kept", async () => {
    const { counted, reads } = countedDb();
    const visitors = new VisitorRooms(counted, new DomainBus(() => undefined));
    const found = await Promise.all(Array.from({ length: 30 }, () => visitors.of(conversationId)));
    expect(reads()).toBe(1);
    expect(found[0]).toHaveLength(1);
    expect(found[0]![0]).toMatch(/^visitor:/);
    expect(visitors.of(conversationId)).toEqual(found[0]); // cached: an array, no promise
    expect(reads()).toBe(1);

    let attempts = 0;
    const down = { findUnique: () => (attempts++, Promise.reject(new Error('database down'))) };
    const failing = new VisitorRooms(new Proxy(counted, { get: (t, p, r) => (p === 'conversation' ? down : Reflect.get(t, p, r)) }) as Db, new DomainBus(() => undefined));
    await expect(failing.of(conversationId)).rejects.toThrow('database down');
    await expect(failing.of(conversationId)).rejects.toThrow('database down');
    expect(attempts).toBe(2); // the second caller read again instead of getting the cached failure
  });

  it('an identity change drops the cached rooms of its customers, and a read in flight across the change is not kept', async () => {
    const { counted, reads } = countedDb();
    const bus = new DomainBus(() => undefined);
    const visitors = new VisitorRooms(counted, bus);
    const customerId = (await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).customerId;
    await visitors.of(conversationId);
    bus.emit('customer.identities_changed', { customerIds: ['someone-else'] });
    expect(Array.isArray(visitors.of(conversationId))).toBe(true); // another customer's change keeps it
    bus.emit('customer.identities_changed', { customerIds: [customerId] });
    const inFlight = visitors.of(conversationId);
    expect(inFlight).toBeInstanceOf(Promise); // dropped: read again
    bus.emit('customer.identities_changed', { customerIds: ['anyone'] }); // while that read is in flight
    await inFlight;
    expect(visitors.of(conversationId)).toBeInstanceOf(Promise); // the overlapping read was not kept
    expect(reads()).toBe(3);
  });

  it("list rows and summaries read together each show their own conversation's last message, however long the conversations", async () => {
    const { ctx } = server.app;
    const inboxId = (await ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
    const ids: string[] = [];
    for (const [n, last] of [[30, 'long chat, last words'], [1, 'a single message'], [3, 'answered by an agent']] as const) {
      const visitor = randomId('v');
      let id = '';
      for (let i = 0; i < n; i++) id = (await ctx.ingest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: visitor, verified: true }, text: i === n - 1 && n !== 3 ? last : `message ${i}`, clientMessageId: randomId('c') })).conversationId;
      if (n === 3) await ctx.conversations.reply(id, null, { body: last, private: false });
      ids.push(id);
    }
    const expected = ['long chat, last words', 'a single message', 'answered by an agent'];
    // Read together: Prisma batches these findUnique calls into one query.
    const summaries = await Promise.all(ids.map((id) => ctx.conversations.summary(id)));
    expect(summaries.map((s) => s.lastMessage?.body)).toEqual(expected);
    expect(summaries[2]!.lastMessage?.authorKind).toBe('agent');
    const listed = await ctx.conversations.list({ status: 'all', limit: 100 });
    const byId = new Map(listed.conversations.map((s) => [s.id, s.lastMessage?.body]));
    expect(ids.map((id) => byId.get(id))).toEqual(expected);
  });
});
