// Customer and lead webhooks are enqueued in the same transaction as the change: with no listener
// running after the commit (as if the process died right there) the jobs are already stored, a
// rolled-back change leaves none, and the listener does not enqueue a second copy.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLead } from '../../server/customers/leads.js';
import { mergeCustomers, undoMerge } from '../../server/customers/merge.js';
import { recordPurchase } from '../../server/customers/purchases.js';
import { updateCustomer } from '../../server/customers/update.js';
import { DomainBus } from '../../server/domain/events.js';
import { enqueueCustomerUpdated } from '../../server/webhooks/enqueue.js';
import { ADMIN, databases, startTestServer, type TestServer } from '../helpers/server.js';
import { randomId } from './support.js';

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
    const ep = await server.api<{ id: string }>('POST', '/api/webhooks', { token, body: { url, events: ['customer.updated', 'lead.created'] } });
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
    const { auditId } = await mergeCustomers(ctxDb, c.id, other.id, adminId);
    expect(await jobsFor(`customer.updated:${c.id}:merge:${auditId}`)).toHaveLength(1);
    const undone = await undoMerge(ctxDb, auditId, adminId);
    expect(await jobsFor(`customer.updated:${c.id}:unmerge:${undone.undoAuditId}`)).toHaveLength(1);
    expect(await jobsFor(`customer.updated:${other.id}:unmerge:${undone.undoAuditId}`)).toHaveLength(1);
  });

  it('leaves no job when the change rolls back, and none when nothing subscribes', async () => {
    const c = await newCustomer('Rolled Back');
    await expect(server.app.ctx.db.$transaction(async (tx) => {
      await enqueueCustomerUpdated(tx, c.id, 'profile', 'rollback');
      throw new Error('crash before commit');
    })).rejects.toThrow('crash before commit');
    expect(await jobsFor(`customer.updated:${c.id}:`)).toHaveLength(0);

    await server.api('PATCH', `/api/webhooks/${endpointId}`, { token, body: { enabled: false } });
    await updateCustomer(server.app.ctx.db, deadBus, c.id, { notes: 'quiet' }, adminId);
    expect(await server.app.ctx.db.outboxJob.count({ where: { dedupeKey: { contains: `customer.updated:${c.id}:` } } })).toBe(0);
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
});
