// Conversation, customer and lead webhooks are enqueued in the same transaction as the change: with
// no listener running after the commit (as if the process died right there) the jobs are already
// stored, a rolled-back change leaves none, and the listener does not enqueue a second copy.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLead } from '../../server/customers/leads.js';
import { mergeCustomers, undoMerge } from '../../server/customers/merge.js';
import { recordPurchase } from '../../server/customers/purchases.js';
import { updateCustomer } from '../../server/customers/update.js';
import { ConversationService } from '../../server/conversations/service.js';
import { DomainBus } from '../../server/domain/events.js';
import { Ingest } from '../../server/ingest/ingest.js';
import type { ChatMessageStore } from '../../server/ingest/message-store.js';
import { enqueueConversationCreated, enqueueCustomerUpdated } from '../../server/webhooks/enqueue.js';
import { ADMIN, databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, randomId, sendVisitorMessage } from './support.js';

interface Job { kind: string; dedupeKey: string | null; payload: unknown }

describe.each(databases())('webhooks enqueued with the change on %s', (db) => {
  let server: TestServer;
  let token: string;
  let endpointId: string;
  let adminId: string;
  let rx: Server;
  const received: string[] = [];
  // Nothing listens on this bus: code after the commit that relied on a listener would do nothing.
  const deadBus = new DomainBus(() => undefined);

  beforeAll(async () => {
    server = await startTestServer(db);
    token = await server.login();
    rx = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/hook`;
    const ep = await server.api<{ id: string }>('POST', '/api/webhooks', { token, body: { url, events: ['customer.updated', 'lead.created', 'conversation.created', 'conversation.resolved'] } });
    expect(ep.status).toBe(201);
    endpointId = ep.body.id;
    adminId = (await server.app.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id;
  });
  afterAll(async () => {
    await server?.app.ctx.routing.stop();
    await server?.close();
    await new Promise<void>((r) => (rx ? rx.close(() => r()) : r()));
  });

  const jobsFor = async (fragment: string): Promise<Job[]> =>
    (await server.app.ctx.db.outboxJob.findMany({ where: { kind: 'webhook.deliver', dedupeKey: { startsWith: `webhook:${endpointId}:` } } }))
      .filter((j) => j.dedupeKey!.includes(fragment));
  const newCustomer = (name: string) => server.app.ctx.db.customer.create({ data: { name } });

  it('stores the jobs in the change transaction, with nothing running after the commit', async () => {
    const ctxDb = server.app.ctx.db;
    const c = await newCustomer('Tx Profile');
    await updateCustomer(ctxDb, deadBus, c.id, { tags: ['tx'] }, adminId);
    const profileJobs = await jobsFor(`customer.updated:${c.id}:profile:`);
    expect(profileJobs).toHaveLength(1);
    expect(profileJobs[0]!.payload).toMatchObject({ event: 'customer.updated', endpointId, data: { change: 'profile', customer: { id: c.id, tags: ['tx'] } } });

    const conversation = await ctxDb.conversation.create({ data: { inboxId: (await ctxDb.inbox.findFirstOrThrow()).id, customerId: c.id, channel: 'webchat' } });
    const lead = await createLead(ctxDb, deadBus, { conversationId: conversation.id, valueCents: 700, stage: 'new' }, adminId);
    const leadJobs = await jobsFor(`lead.created:${lead.id}`);
    expect(leadJobs).toHaveLength(1);
    expect(leadJobs[0]!.payload).toMatchObject({ event: 'lead.created', data: { lead: { id: lead.id, valueCents: 700, customerId: c.id } } });

    const { purchase } = await recordPurchase(ctxDb, { orderNumber: randomId('ord'), amountCents: 100, currency: 'USD', items: [], purchasedAt: new Date(), customerId: c.id });
    expect(await jobsFor(`customer.updated:${c.id}:purchase:${purchase.id}`)).toHaveLength(1);

    const other = await newCustomer('Tx Source');
    const { auditId } = await mergeCustomers(ctxDb, deadBus, c.id, other.id, adminId);
    expect(await jobsFor(`customer.updated:${c.id}:merge:${auditId}`)).toHaveLength(1);
    const undone = await undoMerge(ctxDb, deadBus, auditId, adminId);
    expect(await jobsFor(`customer.updated:${c.id}:unmerge:${undone.undoAuditId}`)).toHaveLength(1);
    expect(await jobsFor(`customer.updated:${other.id}:unmerge:${undone.undoAuditId}`)).toHaveLength(1);
  });

  it('stores conversation.created and conversation.resolved jobs in the change transaction, with nothing running after the commit', async () => {
    const ctx = server.app.ctx;
    // A first message takes the slow path (new conversation); the batched hot path is never reached here.
    const noHotPath: ChatMessageStore = { concurrency: 1, insert: () => Promise.reject(new Error('hot path not expected')), close: () => Promise.resolve() };
    const deadIngest = new Ingest(ctx.db, deadBus, 10_000, ctx.config.DATA_DIR, noHotPath);
    const deadConversations = new ConversationService(ctx.db, deadBus, 10_000, () => undefined);
    const inboxId = (await ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
    const stored = await deadIngest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: randomId('v'), verified: true }, text: 'hello', clientMessageId: randomId('c') });
    expect(stored.isNewConversation).toBe(true);
    const created = await jobsFor(`conversation.created:${stored.conversationId}`);
    expect(created).toHaveLength(1);
    expect(created[0]!.payload).toMatchObject({ event: 'conversation.created', endpointId, data: { conversation: { id: stored.conversationId, customerId: stored.customerId, status: 'open' } } });

    await deadConversations.setStatus(stored.conversationId, adminId, 'resolved');
    const resolvedAt = (await ctx.db.conversation.findUniqueOrThrow({ where: { id: stored.conversationId } })).resolvedAt!;
    const resolved = await jobsFor(`conversation.resolved:${stored.conversationId}:`);
    expect(resolved.map((j) => j.dedupeKey)).toEqual([`webhook:${endpointId}:conversation.resolved:${stored.conversationId}:${resolvedAt.getTime()}`]);
    expect(resolved[0]!.payload).toMatchObject({ event: 'conversation.resolved', data: { conversation: { id: stored.conversationId, status: 'resolved' } } });
    // Resolving it again is not a new resolution; reopening and resolving is.
    await deadConversations.setStatus(stored.conversationId, adminId, 'resolved');
    expect(await jobsFor(`conversation.resolved:${stored.conversationId}:`)).toHaveLength(1);
    await deadConversations.setStatus(stored.conversationId, adminId, 'open');
    await deadConversations.setStatus(stored.conversationId, adminId, 'resolved');
    expect(await jobsFor(`conversation.resolved:${stored.conversationId}:`)).toHaveLength(2);
  });

  it('leaves no job when the change rolls back, and none when nothing subscribes', async () => {
    const c = await newCustomer('Rolled Back');
    await expect(server.app.ctx.db.$transaction(async (tx) => {
      await enqueueCustomerUpdated(tx, c.id, 'profile', 'rollback');
      throw new Error('crash before commit');
    })).rejects.toThrow('crash before commit');
    expect(await jobsFor(`customer.updated:${c.id}:`)).toHaveLength(0);
    const conversation = await server.app.ctx.db.conversation.create({ data: { inboxId: (await server.app.ctx.db.inbox.findFirstOrThrow()).id, customerId: c.id, channel: 'webchat' } });
    await expect(server.app.ctx.db.$transaction(async (tx) => {
      await enqueueConversationCreated(tx, conversation.id);
      throw new Error('crash before commit');
    })).rejects.toThrow('crash before commit');
    expect(await jobsFor(`conversation.created:${conversation.id}`)).toHaveLength(0);

    await server.api('PATCH', `/api/webhooks/${endpointId}`, { token, body: { enabled: false } });
    await updateCustomer(server.app.ctx.db, deadBus, c.id, { notes: 'quiet' }, adminId);
    expect(await server.app.ctx.db.outboxJob.count({ where: { dedupeKey: { contains: `customer.updated:${c.id}:` } } })).toBe(0);
    const quiet = await server.app.ctx.ingest.receive({ inboxId: (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id, channel: 'webchat', sender: { kind: 'visitor', value: randomId('v'), verified: true }, text: 'nobody listens', clientMessageId: randomId('c') });
    await server.app.ctx.conversations.setStatus(quiet.conversationId, adminId, 'resolved');
    // Give the post-commit listener its chance too: nothing subscribes, so neither path stores a job.
    await new Promise((r) => setTimeout(r, 200));
    const quietJobs = (await server.app.ctx.db.outboxJob.findMany({ where: { kind: 'webhook.deliver' } })).filter((j) => j.dedupeKey!.includes(quiet.conversationId));
    expect(quietJobs).toEqual([]);
    await server.api('PATCH', `/api/webhooks/${endpointId}`, { token, body: { enabled: true } });
  });

  it('through the API: one job per change (the listener adds no copy) and it is delivered at once', async () => {
    const c = await newCustomer('Via Api');
    const res = await server.api('PATCH', `/api/customers/${c.id}`, { token, body: { attributes: { plan: 'pro' } } });
    expect(res.status).toBe(200);
    await expect.poll(() => received.filter((b) => b.includes(c.id) && b.includes('"plan":"pro"')).length, { timeout: 5_000 }).toBe(1);
    const jobs = await jobsFor(`customer.updated:${c.id}:`);
    expect(jobs).toHaveLength(1);
    // Give a post-commit listener time to (wrongly) add a copy before counting again.
    await new Promise((r) => setTimeout(r, 200));
    expect(await jobsFor(`customer.updated:${c.id}:`)).toHaveLength(1);
  });

  it('through a chat and the API: one conversation.created and one conversation.resolved job, each delivered once', async () => {
    const v = await connectVisitor(server.url, { inboxToken: await server.inboxToken() });
    try {
      const first = await sendVisitorMessage(v.socket, 'Hi, a new conversation');
      const id = first.conversationId;
      const delivered = (type: string) => received.filter((b) => b.includes(`"type":"${type}"`) && b.includes(id)).length;
      await expect.poll(() => delivered('conversation.created'), { timeout: 5_000 }).toBe(1);
      expect((await server.api('POST', `/api/conversations/${id}/status`, { token, body: { status: 'resolved' } })).status).toBe(200);
      await expect.poll(() => delivered('conversation.resolved'), { timeout: 5_000 }).toBe(1);
      // Give a post-commit listener time to (wrongly) add a copy before counting.
      await new Promise((r) => setTimeout(r, 200));
      expect(await jobsFor(`conversation.created:${id}`)).toHaveLength(1);
      expect(await jobsFor(`conversation.resolved:${id}:`)).toHaveLength(1);
      expect([delivered('conversation.created'), delivered('conversation.resolved')]).toEqual([1, 1]);
    } finally {
      closeAll(v.socket);
    }
  });
});
