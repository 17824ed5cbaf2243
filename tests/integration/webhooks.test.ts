// Outbound webhooks against a real local receiver: signed deliveries for each subscribed event,
// a retry after a 500 (backoff skipped by making the job due and draining the outbox), and
// redirects to another host refused.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../server/webhooks/sign.js';
import { databases, startTestServer, ADMIN, type TestServer } from '../helpers/server.js';
import { startHarness, type Harness } from '../unit/customers/harness.js';
import { randomId } from './support.js';

interface Received { path: string; headers: Record<string, string | string[] | undefined>; body: string }

function receiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  let redirectTo: string | null = null;
  const http: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (redirectTo) return void res.writeHead(307, { location: redirectTo }).end();
      res.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  return {
    received, statuses, http,
    redirect: (to: string) => void (redirectTo = to),
    async listen() {
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((r) => http.close(() => r())),
  };
}

/** What a receiver implements, written here independently of the server's helper. */
function receiverVerifies(secret: string, r: Received): boolean {
  const header = String(r.headers['x-switchboard-signature'] ?? '');
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex')) && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
}

describe.each(databases())('webhooks on %s', (db) => {
  let server: TestServer;
  let h: Harness;
  let token: string;
  const rx = receiver();
  const other = receiver();
  let rxUrl: string;
  let otherUrl: string;

  beforeAll(async () => {
    server = await startTestServer(db);
    h = await startHarness(server);
    token = await server.login();
    // The receivers are local: an admin allow-lists loopback (outbound-ssrf.test.ts covers the refusal).
    expect((await server.api('PUT', '/api/settings/outbound', { token, body: { allowList: ['127.0.0.1/32'] } })).status).toBe(200);
    rxUrl = await rx.listen();
    otherUrl = await other.listen();
  });
  afterAll(async () => {
    await h?.close();
    await server?.app.ctx.routing.stop();
    await server?.close();
    await rx.close();
    await other.close();
  });

  const jobs = (endpointId: string) => server.app.ctx.db.outboxJob.findMany({ where: { kind: 'webhook.deliver', dedupeKey: { startsWith: `webhook:${endpointId}:` } } });
  async function until<T>(fn: () => Promise<T | undefined | false>, what: string, ms = 10_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  /** Makes every pending retry due now and runs it, instead of waiting out the backoff. */
  async function retryNow(endpointId: string) {
    await server.app.ctx.db.outboxJob.updateMany({ where: { kind: 'webhook.deliver', status: 'pending', dedupeKey: { startsWith: `webhook:${endpointId}:` } }, data: { runAfter: new Date(0) } });
    await server.app.ctx.outbox.drain();
  }

  it('registers endpoints admin-only, returning the secret once', async () => {
    const created = await h.api<{ id: string; secret: string }>('POST', '/api/webhooks', { token, body: { url: `${rxUrl}/hooks`, events: ['lead.created'] } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const list = await h.api<{ webhooks: Record<string, unknown>[] }>('GET', '/api/webhooks', { token });
    const found = list.body.webhooks.find((w) => w.id === created.body.id)!;
    expect(found).toMatchObject({ url: `${rxUrl}/hooks`, events: ['lead.created'], enabled: true });
    expect(found).not.toHaveProperty('secret');
    expect((await h.api('POST', '/api/webhooks', { token, body: { url: 'ftp://x', events: ['lead.created'] } })).status).toBe(400);
    expect((await h.api('POST', '/api/webhooks', { token, body: { url: rxUrl, events: ['nope'] } })).status).toBe(400);
    expect((await h.api('DELETE', `/api/webhooks/${created.body.id}`, { token })).status).toBe(204);
    expect((await h.api('GET', '/api/webhooks')).status).toBe(401);
  });

  it('delivers signed events and retries after a 500', async () => {
    const secret = 'test-secret-' + randomId('s');
    const ep = await h.api<{ id: string }>('POST', '/api/webhooks', { token, body: { url: `${rxUrl}/in`, secret, events: ['conversation.created', 'conversation.resolved', 'customer.updated', 'lead.created'] } });
    expect(ep.status).toBe(201);
    const ctx = server.app.ctx;
    const inboxId = (await ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
    rx.statuses.push(500);
    const msg = await ctx.ingest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: randomId('v'), verified: true }, text: 'hi', clientMessageId: randomId('c') });
    const created = await until(async () => (await jobs(ep.body.id)).find((j) => j.dedupeKey!.includes('conversation.created')), 'the conversation.created job');
    // First attempt answered 500: the job waits for its backoff, then succeeds on retry.
    const failed = await until(async () => { const j = await ctx.db.outboxJob.findUnique({ where: { id: created.id } }); return j && j.attempts >= 1 && j.status === 'pending' && j.lastError ? j : undefined; }, 'the failed attempt');
    expect(failed.lastError).toContain('HTTP 500');
    await retryNow(ep.body.id);
    expect((await ctx.db.outboxJob.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('done');
    const convDeliveries = rx.received.filter((r) => r.body.includes('"conversation.created"'));
    expect(convDeliveries).toHaveLength(2);
    expect(new Set(convDeliveries.map((r) => r.headers['x-switchboard-delivery'])).size).toBe(1);
    for (const r of convDeliveries) {
      expect(receiverVerifies(secret, r)).toBe(true);
      expect(verifySignature(secret, r.body, String(r.headers['x-switchboard-signature']))).toBe(true);
      expect(receiverVerifies('wrong-secret', r)).toBe(false);
      expect(receiverVerifies(secret, { ...r, body: r.body.replace('webchat', 'email') })).toBe(false);
    }
    expect(JSON.parse(convDeliveries[1]!.body)).toMatchObject({ type: 'conversation.created', data: { conversation: { id: msg.conversationId, customerId: msg.customerId } } });

    const lead = await h.api<{ id: string }>('POST', '/api/leads', { token, body: { conversationId: msg.conversationId, valueCents: 25_000, stage: 'qualified' } });
    await h.api('PATCH', `/api/customers/${msg.customerId}`, { token, body: { tags: ['webhook'] } });
    const admin = await ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    await ctx.conversations.setStatus(msg.conversationId, admin.id, 'resolved');
    const types = async () => {
      await retryNow(ep.body.id);
      const t = rx.received.filter((r) => r.path === '/in').map((r) => JSON.parse(r.body).type as string);
      return ['lead.created', 'customer.updated', 'conversation.resolved'].every((x) => t.includes(x)) ? t : undefined;
    };
    await until(types, 'lead, customer and resolved deliveries');
    const leadBody = JSON.parse(rx.received.find((r) => r.body.includes('"lead.created"'))!.body);
    expect(leadBody.data.lead).toMatchObject({ id: lead.body.id, valueCents: 25_000, stage: 'qualified' });
    for (const r of rx.received.filter((x) => x.path === '/in')) expect(receiverVerifies(secret, r)).toBe(true);
    // Each event was delivered exactly once after success (no duplicates from the outbox).
    const ids = rx.received.filter((r) => r.path === '/in' && r.headers['x-switchboard-event'] !== 'conversation.created').map((r) => r.headers['x-switchboard-delivery']);
    expect(new Set(ids).size).toBe(ids.length);
    await h.api('PATCH', `/api/webhooks/${ep.body.id}`, { token, body: { enabled: false } });
  });

  it('never follows a redirect to another host', async () => {
    const ep = await h.api<{ id: string }>('POST', '/api/webhooks', { token, body: { url: `${rxUrl}/moved`, events: ['lead.created'] } });
    rx.redirect(`${otherUrl}/steal`);
    const ctx = server.app.ctx;
    const conversation = await ctx.db.conversation.findFirstOrThrow();
    await h.api('POST', '/api/leads', { token, body: { conversationId: conversation.id, valueCents: 1 } });
    const job = await until(async () => (await jobs(ep.body.id))[0], 'the lead.created job');
    const dead = await until(async () => { const j = await ctx.db.outboxJob.findUnique({ where: { id: job.id } }); return j?.status === 'dead' ? j : undefined; }, 'the job to give up');
    expect(dead.lastError).toContain('redirect to another host');
    expect(other.received).toHaveLength(0);
    rx.redirect('');
  });
});
