// The routing service over a real SQLite database with a fake clock: classify and queue, assign
// within capacity, release on offline, overflow after a wait, never double-assign across nodes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databases } from '../../helpers/server.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.errors).toEqual([]);
  await h.close();
});

const conv = (id: string) => h.db.conversation.findUniqueOrThrow({ where: { id } });
const events = (conversationId: string, action: string) => h.db.routingEvent.findMany({ where: { conversationId, action }, orderBy: { createdAt: 'asc' } });

describe('routing a new conversation', () => {
  it('classifies it, queues it for its team with SLA due times, and assigns an online agent of that team', async () => {
    const seller = await h.agent('seller', ['sales']);
    await h.agent('techie', ['support']);
    const id = await h.incoming('How much does the enterprise plan cost per seat? Can I get a quote for 200 users?');
    const c = await conv(id);
    expect(c).toMatchObject({ type: 'sales', teamId: h.teams.sales, assigneeId: seller, language: 'en' });
    expect(c.queuedAt?.getTime()).toBe(h.clock.now);
    const policy = await h.db.slaPolicy.findUniqueOrThrow({ where: { priority: c.priority } });
    expect(c.firstResponseDueAt?.getTime()).toBe(c.createdAt.getTime() + policy.firstResponseSec * 1000);
    expect(c.resolutionDueAt?.getTime()).toBe(c.createdAt.getTime() + policy.resolutionSec * 1000);
    expect((await events(id, 'classified'))[0]?.reason).toMatch(/^sales \(confidence/);
    expect(await events(id, 'assigned')).toHaveLength(1);
  });

  it('waits in the queue while nobody of the team is online, then goes to whoever comes online', async () => {
    const seller = await h.agent('seller', ['sales'], { online: false });
    const id = await h.incoming('What does the Business plan cost per month? I want to buy 20 licenses.');
    expect((await conv(id)).assigneeId).toBeNull();
    expect(await h.routing.queuePosition(id)).toEqual({ position: 1, estimatedWaitSec: 120 });
    await h.presence.set(seller, 'online');
    await h.settle();
    expect((await conv(id)).assigneeId).toBe(seller);
    expect(await h.routing.queuePosition(id)).toEqual({ position: 0, estimatedWaitSec: 0 });
  });

  it('sends low-confidence text to triage, with a threshold the admin can raise', async () => {
    const text = 'I have a question about my plan'; // sales, confidence about 0.95
    expect((await conv(await h.incoming(text))).teamId).toBe(h.teams.sales);
    await h.routing.setTriageThreshold(0.99);
    const id = await h.incoming(text);
    expect((await conv(id)).teamId).toBe(h.teams.triage);
    expect((await events(id, 'classified'))[0]?.reason).toMatch(/below the triage threshold 0.99/);
  });
});

describe('capacity and order', () => {
  it('an agent at capacity gets nothing more; the highest priority, longest waiting goes first when room frees up', async () => {
    const a = await h.agent('a', ['sales'], { capacity: { webchat: 1 } });
    const first = await h.waiting('sales', { queuedAt: h.clock.now - 50_000 });
    expect((await conv(first)).assigneeId).toBe(a);
    const old = await h.waiting('sales', { queuedAt: h.clock.now - 40_000 });
    const urgent = await h.waiting('sales', { priority: 3, queuedAt: h.clock.now - 1000 });
    expect((await conv(old)).assigneeId).toBeNull();
    expect((await conv(urgent)).assigneeId).toBeNull();
    expect(await h.routing.queuePosition(urgent)).toMatchObject({ position: 1 });
    expect(await h.routing.queuePosition(old)).toMatchObject({ position: 2 });

    await h.db.conversation.update({ where: { id: first }, data: { status: 'resolved' } });
    h.bus.emit('conversation.updated', { conversationId: first, change: 'status' });
    await h.settle();
    expect((await conv(urgent)).assigneeId).toBe(a);
    expect((await conv(old)).assigneeId).toBeNull();
  });

  it('capacity is per channel: a full chat agent still takes email', async () => {
    const a = await h.agent('a', ['sales'], { capacity: { webchat: 1, email: 5 } });
    const chat1 = await h.waiting('sales');
    const chat2 = await h.waiting('sales');
    const mail = await h.waiting('sales', { channel: 'email' });
    expect([(await conv(chat1)).assigneeId, (await conv(chat2)).assigneeId, (await conv(mail)).assigneeId]).toEqual([a, null, a]);
  });

  it('least loaded wins and equal agents take turns', async () => {
    const a = await h.agent('a', ['sales'], { capacity: { webchat: 10 } });
    const got: (string | null)[] = [];
    for (let i = 0; i < 2; i++) got.push((await conv(await h.waiting('sales'))).assigneeId);
    expect(got).toEqual([a, a]);
    const b = await h.agent('b', ['sales'], { capacity: { webchat: 10 } });
    const next: (string | null)[] = [];
    for (let i = 0; i < 4; i++) next.push((await conv(await h.waiting('sales'))).assigneeId);
    // b has 0 vs a's 2: b twice, then they alternate.
    expect(next).toEqual([b, b, a < b ? a : b, a < b ? b : a]);
  });
});

describe('release on offline', () => {
  it('gives back only unanswered conversations, at their original place', async () => {
    const a = await h.agent('a', ['sales']);
    const unanswered = await h.waiting('sales', { queuedAt: h.clock.now - 600_000 });
    const answered = await h.waiting('sales');
    await h.db.conversation.update({ where: { id: answered }, data: { firstResponseAt: new Date(h.clock.now) } });
    h.advance(60);
    const newer = await h.waiting('sales', { queuedAt: h.clock.now - 1000 });
    expect((await conv(newer)).assigneeId).toBe(a);

    await h.presence.set(a, 'offline');
    await h.settle();
    const released = await conv(unanswered);
    expect(released.assigneeId).toBeNull();
    expect(released.queuedAt?.getTime()).toBe(h.clock.now - 60_000 - 600_000);
    expect((await conv(answered)).assigneeId).toBe(a);
    expect((await events(unanswered, 'released'))[0]).toMatchObject({ agentId: a, reason: expect.stringMatching(/offline/) });
    expect(await h.routing.queuePosition(unanswered)).toMatchObject({ position: 1 });
    expect(await h.routing.queuePosition(newer)).toMatchObject({ position: 2 });

    const b = await h.agent('b', ['sales']);
    expect((await conv(unanswered)).assigneeId).toBe(b);
  });
});

describe('the database stays the source of truth', () => {
  it('does not assign to an agent another node saw go offline, or who is full there', async () => {
    const gone = await h.agent('gone', ['sales']);
    const full = await h.agent('full', ['sales'], { capacity: { webchat: 1 } });
    // Changes this node heard nothing about (another node handled them).
    await h.db.user.update({ where: { id: gone }, data: { presence: 'offline' } });
    const elsewhere = await h.waiting('care');
    await h.db.conversation.update({ where: { id: elsewhere }, data: { assigneeId: full } });
    const id = await h.waiting('sales');
    expect((await conv(id)).assigneeId).toBeNull();
    expect(h.routing.index.agents.get(gone)?.online).toBe(false);
    expect(h.routing.index.agents.load(full, 'webchat')).toBe(1);
  });

  it('routes a conversation the node never got to (no routing yet) on the next tick', async () => {
    const customer = await h.db.customer.create({ data: {} });
    const id = (await h.db.conversation.create({ data: { inboxId: h.inboxId, customerId: customer.id, channel: 'webchat', createdAt: new Date(h.clock.now) } })).id;
    await h.db.message.create({ data: { conversationId: id, inboxId: h.inboxId, direction: 'in', authorKind: 'customer', body: 'My invoice charged me twice, please refund' } });
    await h.routing.tick();
    expect((await conv(id)).teamId).toBeNull(); // too fresh: the normal path may still be on it
    h.advance(31);
    await h.routing.tick();
    expect((await conv(id)).teamId).toBe(h.teams.finance);
  });
});

describe('overflow', () => {
  it('moves a conversation waiting longer than overflowAfterSec to the fallback team, once', async () => {
    await h.db.team.update({ where: { id: h.teams.sales }, data: { fallbackTeamId: h.teams.care, overflowAfterSec: 120 } });
    await h.db.team.update({ where: { id: h.teams.care }, data: { fallbackTeamId: h.teams.sales, overflowAfterSec: 60 } });
    const id = await h.waiting('sales');
    h.advance(119);
    await h.routing.tick();
    expect((await conv(id)).teamId).toBe(h.teams.sales);
    h.advance(2);
    await h.routing.tick();
    expect((await conv(id)).teamId).toBe(h.teams.care);
    expect((await events(id, 'overflowed'))[0]?.reason).toMatch(/waited 121 s in Sales \(limit 120 s\)/);
    // Care would overflow back to Sales, but a conversation overflows only once.
    h.advance(600);
    await h.routing.tick();
    expect((await conv(id)).teamId).toBe(h.teams.care);
    const carer = await h.agent('carer', ['care']);
    expect((await conv(id)).assigneeId).toBe(carer);
  });
});

describe.each(databases())('two nodes on %s', (kind) => {
  it('never give one conversation to two agents', async () => {
    await h.close();
    h = await startHarness({ kind });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await h.waiting('sales'));
    const a = await h.agent('a', ['sales'], { online: false, capacity: { webchat: 100 } });
    const b = await h.agent('b', ['sales'], { online: false, capacity: { webchat: 100 } });
    await h.db.user.updateMany({ where: { id: { in: [a, b] } }, data: { presence: 'online' } });
    const other = await h.secondNode();
    await h.routing.reloadAgent(a);
    await h.routing.reloadAgent(b);
    await Promise.all([h.routing.drain(h.teams.sales), other.drain(h.teams.sales)]);
    await h.settle();
    const rows = await h.db.conversation.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.assigneeId === a || r.assigneeId === b)).toBe(true);
    const assigned = await h.db.routingEvent.findMany({ where: { conversationId: { in: ids }, action: 'assigned' } });
    expect(assigned).toHaveLength(20);
  });
});
