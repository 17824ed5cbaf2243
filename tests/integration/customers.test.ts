// Customer 360 over a real database: merge and undo keep every message, verified widget users
// link visitors, profile edits validate, search is case-insensitive, duplicates carry a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../channels/types.js';
import { linkVerifiedUser } from '../../server/customers/link.js';
import { authenticateWidgetUser } from '../../server/customers/widget-auth.js';
import { newIdentitySecret, signWidgetUser } from '../../server/customers/identity.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { startHarness, type Harness } from '../unit/customers/harness.js';
import { randomId } from './support.js';

type Profile = { id: string; mergedIntoId: string | null; channels: string[]; conversations: { id: string }[]; identities: { kind: string; value: string }[]; lifecycle: { stage: string; rules: unknown[] }; tags: string[]; attributes: Record<string, unknown>; notes: string | null; lifetimeValue: { currency: string; amountCents: number }[]; openConversations: number };

describe.each(databases())('customers on %s', (db) => {
  let server: TestServer;
  let h: Harness;
  let token: string;
  let webInbox: string;
  let mailInbox: string;

  beforeAll(async () => {
    server = await startTestServer(db);
    h = await startHarness(server);
    token = await server.login();
    webInbox = (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
    mailInbox = (await server.app.ctx.db.inbox.create({ data: { channel: 'email', name: 'Mail', publicToken: randomId('ema') } })).id;
  });
  afterAll(async () => {
    await h?.close();
    await server?.app.ctx.routing.stop();
    await server?.close();
  });

  const say = (msg: Partial<InboundMessage> & Pick<InboundMessage, 'sender'>, text = 'hello') =>
    server.app.ctx.ingest.receive({ inboxId: webInbox, channel: 'webchat', text, externalId: randomId('ext'), ...msg });
  const messagesOf = (customerId: string) => server.app.ctx.db.message.count({ where: { conversation: { customerId } } });
  const profile = async (id: string) => (await h.api<Profile>('GET', `/api/customers/${id}`, { token })).body;

  it('merges two records with all their conversations and undoes it exactly, keeping every message', async () => {
    const email = `${randomId('m')}@example.com`;
    const a = await say({ inboxId: mailInbox, channel: 'email', sender: { kind: 'email', value: email, verified: true }, threadKey: randomId('t') }, 'mail 1');
    await say({ inboxId: mailInbox, channel: 'email', sender: { kind: 'email', value: email, verified: true }, threadKey: randomId('t') }, 'mail 2');
    const visitor = randomId('v');
    const b = await say({ sender: { kind: 'visitor', value: visitor, verified: true } }, 'chat 1');
    await say({ sender: { kind: 'visitor', value: visitor, verified: true } }, 'chat 2');
    await say({ sender: { kind: 'visitor', value: visitor, verified: true } }, 'chat 3');
    const lead = await h.api<{ id: string }>('POST', '/api/leads', { token, body: { conversationId: b.conversationId, valueCents: 5000 } });
    expect(lead.status).toBe(201);
    const purchase = await h.api('POST', '/api/purchases', { token, body: { orderNumber: randomId('o'), amountCents: 999, customerId: b.customerId } });
    expect(purchase.status).toBe(201);
    const [beforeA, beforeB] = [await messagesOf(a.customerId), await messagesOf(b.customerId)];
    expect([beforeA, beforeB]).toEqual([2, 3]);

    const merged = await h.api<{ auditId: string; moved: { conversations: string[]; identities: string[]; purchases: string[]; leads: string[] } }>('POST', `/api/customers/${a.customerId}/merge`, { token, body: { sourceId: b.customerId } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.moved.conversations).toHaveLength(1);
    expect(merged.body.moved.leads).toHaveLength(1);
    expect(await messagesOf(a.customerId)).toBe(beforeA + beforeB);
    expect(await messagesOf(b.customerId)).toBe(0);
    const target = await profile(a.customerId);
    expect(target.channels.sort()).toEqual(['email', 'webchat']);
    expect(target.identities.map((i) => i.kind).sort()).toEqual(['email', 'visitor']);
    expect(target.lifecycle.stage).toBe('new');
    expect((await profile(b.customerId)).mergedIntoId).toBe(a.customerId);
    // Merging the same source again is a conflict, not a second move.
    expect((await h.api('POST', `/api/customers/${a.customerId}/merge`, { token, body: { sourceId: b.customerId } })).status).toBe(409);

    // The visitor writes again after the merge: the message joins the merged conversation.
    await say({ sender: { kind: 'visitor', value: visitor, verified: true } }, 'after merge');
    const laterEmail = `${randomId('late')}@example.com`;
    await server.app.ctx.db.customerIdentity.create({ data: { customerId: a.customerId, kind: 'email', value: laterEmail, verified: true } });

    const undo = await h.api('POST', `/api/customers/merges/${merged.body.auditId}/undo`, { token });
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect(await messagesOf(a.customerId)).toBe(beforeA);
    expect(await messagesOf(b.customerId)).toBe(beforeB + 1);
    const restored = await profile(b.customerId);
    expect(restored.mergedIntoId).toBeNull();
    expect(restored.identities.map((i) => i.value)).toEqual([visitor]);
    expect((await server.app.ctx.db.lead.findUniqueOrThrow({ where: { id: lead.body.id } })).customerId).toBe(b.customerId);
    // Created on the target after the merge: stays with the target.
    expect((await profile(a.customerId)).identities.map((i) => i.value)).toContain(laterEmail);
    expect((await h.api('POST', `/api/customers/merges/${merged.body.auditId}/undo`, { token })).status).toBe(409);
  });

  it('suggests duplicates by normalized email and phone, and name + company, with reasons', async () => {
    const email = `${randomId('d')}@example.com`;
    const phone = `+1555${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}`;
    const c1 = await server.app.ctx.db.customer.create({ data: { name: 'Ada Lovelace', email, phone, company: 'Engines Ltd' } });
    const c2 = await server.app.ctx.db.customer.create({ data: { email: email.toUpperCase().toLowerCase() } });
    const c3 = await say({ inboxId: mailInbox, channel: 'sms', sender: { kind: 'phone', value: phone.replace('+1555', '+1 (555) '), verified: true } });
    const c4 = await server.app.ctx.db.customer.create({ data: { name: 'ada lovelace', company: 'ENGINES LTD' } });
    const res = await h.api<{ duplicates: { customer: { id: string }; reasons: string[] }[] }>('GET', `/api/customers/${c1.id}/duplicates`, { token });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.duplicates.map((d) => [d.customer.id, d.reasons]));
    expect(byId.get(c2.id)).toEqual(['same email']);
    expect(byId.get(c3.customerId)).toEqual(['same phone']);
    expect(byId.get(c4.id)).toEqual(['same name and company']);
    expect((await h.api('GET', '/api/customers/nope/duplicates', { token })).status).toBe(404);
  });

  it('edits tags, attributes and notes with validation', async () => {
    const c = await server.app.ctx.db.customer.create({ data: { name: 'Edit Me' } });
    const ok = await h.api<Profile>('PATCH', `/api/customers/${c.id}`, { token, body: { tags: ['vip', 'beta', 'vip'], attributes: { plan: 'pro', seats: 12, trial: false }, notes: 'Prefers email' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const p = await profile(c.id);
    expect(p).toMatchObject({ tags: ['vip', 'beta'], attributes: { plan: 'pro', seats: 12, trial: false }, notes: 'Prefers email', lifecycle: { stage: 'prospect' } });
    const bad = async (body: unknown, field: string) => {
      const res = await h.api<{ code: string; field?: string }>('PATCH', `/api/customers/${c.id}`, { token, body });
      expect(res.status).toBe(400);
      expect(res.body.field ?? '').toContain(field);
    };
    await bad({ attributes: { nested: { a: 1 } } }, 'attributes');
    // A bad key is named with the rule it broke, so the console can show it on the field.
    const badKey = await h.api<{ field: string; message: string }>('PATCH', `/api/customers/${c.id}`, { token, body: { attributes: { 'bad key': 'x' } } });
    expect(badKey.status).toBe(400);
    expect(badKey.body).toMatchObject({ field: 'attributes.bad key', message: 'attributes.bad key: keys are 1-64 letters, digits, _ . -' });
    await bad({ attributes: { plan: 'x'.repeat(1001) } }, 'attributes.plan');
    await bad({ tags: ['x'.repeat(41)] }, 'tags');
    await bad({ tags: 'vip' }, 'tags');
    await bad({ unknown: 1 }, '');
    expect((await h.api('PATCH', '/api/customers/missing', { token, body: { notes: 'x' } })).status).toBe(404);
  });

  it('searches by name, email, phone or company, case-insensitively, without merged records', async () => {
    const tag = randomId('Zq').replace(/-/g, '');
    const c = await server.app.ctx.db.customer.create({ data: { name: `Grace ${tag}`, email: `${tag.toLowerCase()}@navy.example`, phone: '+15550001234', company: `Cobol ${tag} Inc` } });
    const gone = await server.app.ctx.db.customer.create({ data: { name: `Grace ${tag}`, mergedIntoId: c.id } });
    const find = async (q: string) => (await h.api<{ customers: { id: string }[] }>('GET', `/api/customers?q=${encodeURIComponent(q)}&limit=10`, { token })).body.customers.map((x) => x.id);
    expect(await find(`grace ${tag.toUpperCase()}`)).toEqual([c.id]);
    expect(await find(`${tag.toUpperCase()}@NAVY`)).toEqual([c.id]);
    expect(await find(`COBOL ${tag.toLowerCase()}`)).toEqual([c.id]);
    expect(await find('555 000 1234')).toContain(c.id);
    expect(await find(tag)).not.toContain(gone.id);
    expect(await find('%')).toBeInstanceOf(Array);
    expect((await h.api('GET', '/api/customers?q=', { token })).status).toBe(400);
  });

  it('links a visitor to a verified user and rejects forged signatures', async () => {
    const secret = newIdentitySecret();
    const inbox = { id: webInbox, settings: { identitySecret: secret } };
    const userId = randomId('user');
    const v1 = randomId('v');
    const first = await say({ sender: { kind: 'visitor', value: v1, verified: true } }, 'before sign-in');
    await expect(authenticateWidgetUser(server.app.ctx.db, server.app.ctx.bus, inbox, v1, { userId, userHash: signWidgetUser(secret, 'someone-else') })).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    await expect(authenticateWidgetUser(server.app.ctx.db, server.app.ctx.bus, inbox, v1, { userId })).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    expect(await authenticateWidgetUser(server.app.ctx.db, server.app.ctx.bus, inbox, v1, {})).toBeNull();
    expect(await server.app.ctx.db.customerIdentity.count({ where: { kind: 'user' , value: `${webInbox}:${userId}` } })).toBe(0);

    const linked = await authenticateWidgetUser(server.app.ctx.db, server.app.ctx.bus, inbox, v1, { userId, userHash: signWidgetUser(secret, userId) });
    expect(linked).toEqual({ customerId: first.customerId, mergeAuditId: null, changed: [] });
    // A second device: its anonymous record (with its chat) merges into the user's customer.
    const v2 = randomId('v');
    const second = await say({ sender: { kind: 'visitor', value: v2, verified: true } }, 'other device');
    const again = await linkVerifiedUser(server.app.ctx.db, webInbox, v2, userId);
    expect(again.customerId).toBe(first.customerId);
    expect(again.mergeAuditId).toBeTruthy();
    expect(await messagesOf(first.customerId)).toBe(2);
    expect((await server.app.ctx.db.customer.findUniqueOrThrow({ where: { id: second.customerId } })).mergedIntoId).toBe(first.customerId);
    // Reconnecting is a no-op.
    expect(await linkVerifiedUser(server.app.ctx.db, webInbox, v2, userId)).toEqual({ customerId: first.customerId, mergeAuditId: null, changed: [] });
  });
});
