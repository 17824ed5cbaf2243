// Corrections (stored for retraining, conversation moved while unassigned), the closed-hours
// notice to the customer, and the widget's queue position estimate.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { DEFAULT_PACE_SEC } from '../../../server/routing/position.js';
import { startHarness, T0, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.errors).toEqual([]);
  await h.close();
});

const conv = (id: string) => h.db.conversation.findUniqueOrThrow({ where: { id } });

describe('correctType', () => {
  it('stores the correction with the first customer message, retypes and moves an unassigned conversation', async () => {
    const fixer = await h.agent('fixer', ['sales'], { online: false });
    const money = await h.agent('money', ['finance']);
    const id = await h.waiting('sales', { text: 'I was charged twice for my subscription last month' });
    const queuedAt = (await conv(id)).queuedAt;
    const result = await h.routing.correctType(id, fixer, 'billing');
    await h.settle();
    expect(result).toEqual({ conversationId: id, previousType: 'sales', type: 'billing', teamId: h.teams.finance, moved: true });
    expect(await h.db.routingCorrection.findMany({ where: { conversationId: id } })).toEqual([
      expect.objectContaining({ text: 'I was charged twice for my subscription last month', predictedType: 'sales', correctedType: 'billing', userId: fixer }),
    ]);
    const c = await conv(id);
    expect(c).toMatchObject({ type: 'billing', teamId: h.teams.finance, assigneeId: money, queuedAt });
    expect((await h.db.routingEvent.findFirstOrThrow({ where: { conversationId: id, action: 'corrected' } })).reason).toMatch(/sales -> billing .*moved to Finance/);
  });

  it('keeps an assigned conversation with its agent, and rejects unknown ids and types', async () => {
    const seller = await h.agent('seller', ['sales']);
    const id = await h.waiting('sales');
    expect((await conv(id)).assigneeId).toBe(seller);
    expect(await h.routing.correctType(id, seller, 'support')).toMatchObject({ moved: false, teamId: h.teams.sales });
    expect((await conv(id)).type).toBe('support');
    await expect(h.routing.correctType('nope', seller, 'sales')).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    await expect(h.routing.correctType(id, seller, 'weird' as 'sales')).rejects.toBeInstanceOf(AppError);
  });
});

describe('closed notice', () => {
  const berlinWeekdays = { tz: 'Europe/Berlin', days: { '1': [['09:00', '17:00']], '2': [['09:00', '17:00']], '3': [['09:00', '17:00']], '4': [['09:00', '17:00']], '5': [['09:00', '17:00']] } };

  it('tells the customer, in their language, when the team is back, as a stored system message', async () => {
    await h.db.team.update({ where: { id: h.teams.sales }, data: { businessHours: berlinWeekdays } });
    h.clock.now = T0 + 4 * 86400_000 + 8 * 3600_000; // Friday 18:00 UTC = 19:00 Berlin
    const id = await h.incoming('How much does the enterprise plan cost per seat? I need a quote.');
    const sys = await h.db.message.findMany({ where: { conversationId: id, authorKind: 'system' } });
    expect(sys).toMatchObject([{ direction: 'out', private: false, body: "We're closed now; Sales is back Monday 09:00 (Europe/Berlin)." }]);
    expect(h.events).toContainEqual({ name: 'message.created', payload: { messageId: sys[0]!.id, conversationId: id, isNewConversation: false } });
    expect(await h.db.outboxJob.count({ where: { dedupeKey: `deliver:${sys[0]!.id}` } })).toBe(1);
    expect((await conv(id)).queuedAt).not.toBeNull();

    const zh = await h.incoming('请问企业版每个月多少钱？我想买二十个账号。');
    expect((await h.db.message.findFirstOrThrow({ where: { conversationId: zh, authorKind: 'system' } })).body).toBe('我们现在不在服务时间；Sales将于周一 09:00（Europe/Berlin）恢复服务。');
  });

  it('says nothing while the team is open', async () => {
    await h.db.team.update({ where: { id: h.teams.sales }, data: { businessHours: berlinWeekdays } });
    const id = await h.incoming('How much does the enterprise plan cost per seat? I need a quote.'); // Monday 11:00 Berlin
    expect(await h.db.message.count({ where: { conversationId: id, authorKind: 'system' } })).toBe(0);
  });
});

describe('queue position', () => {
  it('counts the place in line and estimates from the team pace, or the default without history', async () => {
    const ids = [await h.waiting('sales'), await h.waiting('sales'), await h.waiting('sales')];
    expect(await Promise.all(ids.map((id) => h.routing.queuePosition(id)))).toEqual([1, 2, 3].map((position) => ({ position, estimatedWaitSec: position * DEFAULT_PACE_SEC })));
    // History: two answered sales conversations that took 60 s and 300 s to first reply.
    for (const sec of [60, 300]) {
      const done = await h.waiting('sales');
      const created = (await conv(done)).createdAt.getTime();
      await h.db.conversation.update({ where: { id: done }, data: { status: 'resolved', firstResponseAt: new Date(created + sec * 1000) } });
      h.bus.emit('conversation.updated', { conversationId: done, change: 'status' });
    }
    h.advance(120); // past the cached pace
    expect(await h.routing.queuePosition(ids[2]!)).toEqual({ position: 3, estimatedWaitSec: 3 * 180 });
    await h.agent('a', ['sales'], { capacity: { webchat: 1 } });
    await h.agent('b', ['sales'], { capacity: { webchat: 0 } });
    // One taken, two agents online now: ceil(2 / 2) rounds of 180 s.
    expect(await h.routing.queuePosition(ids[2]!)).toEqual({ position: 2, estimatedWaitSec: 180 });
  });
});
