// SLA timers with a fake clock: breach exactly when due (flagged once, logged, announced), paused
// while waiting on the customer, the next-response timer, and the at-risk list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
const slaEvents = () => h.events.filter((e) => e.name === 'conversation.updated' && (e.payload as { change: string }).change === 'sla');
async function setStatus(id: string, status: string) {
  await h.db.conversation.update({ where: { id }, data: { status } });
  h.bus.emit('conversation.updated', { conversationId: id, change: 'status' });
  await h.settle();
}
async function message(id: string, direction: 'in' | 'out') {
  const m = await h.db.message.create({ data: { conversationId: id, inboxId: h.inboxId, direction, authorKind: direction === 'in' ? 'customer' : 'agent', body: 'x' } });
  if (direction === 'out') await h.db.conversation.updateMany({ where: { id, firstResponseAt: null }, data: { firstResponseAt: new Date(h.clock.now) } });
  h.bus.emit('message.created', { messageId: m.id, conversationId: id, isNewConversation: false });
  await h.settle();
}

describe('SLA breaches', () => {
  it('flags the first response breach at its due time, once', async () => {
    const id = await h.waiting('sales'); // first response due in 3600 s
    h.advance(3599);
    expect(await h.routing.sla.sweepBreaches()).toEqual([]);
    h.advance(1);
    await h.routing.tick();
    const c = await conv(id);
    expect(c.slaBreachedAt?.getTime()).toBe(h.clock.now);
    const logged = await h.db.routingEvent.findMany({ where: { conversationId: id, action: 'sla_breached' } });
    expect(logged).toHaveLength(1);
    expect(logged[0]!.reason).toMatch(/^first response was due/);
    expect(slaEvents()).toEqual([{ name: 'conversation.updated', payload: { conversationId: id, change: 'sla' } }]);
    h.advance(60);
    await h.routing.tick();
    expect(await h.db.routingEvent.count({ where: { conversationId: id, action: 'sla_breached' } })).toBe(1);
  });

  it('pauses while pending and moves due times by the paused duration on resume', async () => {
    const id = await h.waiting('sales');
    const due = (await conv(id)).firstResponseDueAt!.getTime();
    h.advance(600);
    await setStatus(id, 'pending');
    h.advance(5000); // past the original due time, but paused
    await h.routing.tick();
    expect((await conv(id)).slaBreachedAt).toBeNull();
    await setStatus(id, 'open');
    const c = await conv(id);
    expect(c.firstResponseDueAt!.getTime()).toBe(due + 5000_000);
    expect(await h.db.routingEvent.count({ where: { conversationId: id, action: 'sla_resumed' } })).toBe(1);
    h.advance(2999); // 600 + 2999 s running of 3600
    await h.routing.tick();
    expect((await conv(id)).slaBreachedAt).toBeNull();
    h.advance(1);
    await h.routing.tick();
    expect((await conv(id)).slaBreachedAt).not.toBeNull();
  });

  it('a customer writing to a pending conversation resumes the timers too', async () => {
    const id = await h.waiting('sales');
    const due = (await conv(id)).resolutionDueAt!.getTime();
    await setStatus(id, 'pending');
    h.advance(100);
    await h.db.conversation.update({ where: { id }, data: { status: 'open' } }); // as ingest does, without a status event
    await message(id, 'in');
    expect((await conv(id)).resolutionDueAt!.getTime()).toBe(due + 100_000);
  });
});

describe('next response', () => {
  it('starts when the customer writes after an agent reply, and stops at the next reply', async () => {
    const id = await h.waiting('sales');
    await message(id, 'in');
    expect((await conv(id)).nextResponseDueAt).toBeNull(); // no agent reply yet: the first-response timer covers it
    await message(id, 'out');
    h.advance(30);
    await message(id, 'in');
    const started = h.clock.now;
    expect((await conv(id)).nextResponseDueAt?.getTime()).toBe(started + 4 * 3600_000);
    h.advance(30);
    await message(id, 'in'); // a second customer message does not push the deadline
    expect((await conv(id)).nextResponseDueAt?.getTime()).toBe(started + 4 * 3600_000);
    await message(id, 'out');
    expect((await conv(id)).nextResponseDueAt).toBeNull();
  });
});

describe('at risk', () => {
  it('lists conversations with less than 20% of a window left, soonest first', async () => {
    const a = await h.waiting('sales'); // due in 3600 s
    h.advance(600);
    const b = await h.waiting('care'); // due in 3600 s, 600 s later
    h.advance(2400); // a has 600 s left (16.7%), b 1200 s (33%)
    expect((await h.routing.atRisk()).map((r) => r.conversationId)).toEqual([a]);
    h.advance(600); // a breaches now, b has 600 s left
    expect((await h.routing.atRisk()).map((r) => [r.conversationId, r.timer, r.remainingSec])).toEqual([[b, 'first_response', 600]]);
    expect(await h.routing.atRisk(0.2, h.teams.sales)).toEqual([]);
  });
});
