import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublicMessage } from '../../../server/realtime/contract.js';
import { translator } from '../../../widget/src/i18n.js';
import { AgentWatch, QUEUE_POLL_MS, queueText } from '../../../widget/src/queue.js';
import { QueuePoller } from '../../../widget/src/queue-poller.js';

const en = translator('en');
const zh = translator('zh');
const msg = (id: number, conversationId: string, authorKind: PublicMessage['authorKind']): PublicMessage => ({
  id, conversationId, body: `m${id}`, authorKind, authorName: authorKind === 'agent' ? 'Ana' : null, clientMessageId: null,
  createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, id)).toISOString(), attachments: [],
});

describe('queueText', () => {
  it('shows the place in line and the wait rounded up to whole minutes', () => {
    expect(queueText(en, 3, 125)).toBe('You are number 3 in line — about 3 min');
    expect(queueText(en, 1, 20)).toBe('You are number 1 in line — about 1 min');
    expect(queueText(zh, 2, 60)).toBe('您在队列中排第 2 位 — 大约 1 分钟');
  });

  it('leaves out the wait when there is no estimate', () => {
    expect(queueText(en, 4, 0)).toBe('You are number 4 in line');
    expect(queueText(en, 4, NaN)).toBe('You are number 4 in line');
  });

  it('is null when not queued', () => {
    expect(queueText(en, 0, 300)).toBeNull();
    expect(queueText(en, -1, 300)).toBeNull();
    expect(queueText(en, NaN, 300)).toBeNull();
  });
});

describe('AgentWatch', () => {
  it('waits from the first visitor message until an agent writes', () => {
    const w = new AgentWatch();
    expect(w.waiting()).toBe(false);
    w.seeMessages([msg(1, 'c1', 'customer')]);
    expect(w.waiting()).toBe(true);
    w.seeMessages([msg(2, 'c1', 'bot'), msg(3, 'c1', 'system')]);
    expect(w.waiting()).toBe(true);
    w.seeMessages([msg(4, 'c1', 'agent')]);
    expect(w.waiting()).toBe(false);
  });

  it('an assignee counts as joined; resolution ends the wait', () => {
    const w = new AgentWatch();
    w.setConversation('c1');
    expect(w.waiting()).toBe(true);
    w.update('c1', 'open', null);
    expect(w.waiting()).toBe(true);
    w.update('c1', 'open', 'Ana');
    expect(w.waiting()).toBe(false);
    const v = new AgentWatch();
    v.setConversation('c2');
    v.update('c2', 'resolved', null);
    expect(v.waiting()).toBe(false);
  });

  it('a new conversation after a resolved one waits again', () => {
    const w = new AgentWatch();
    w.seeMessages([msg(1, 'c1', 'customer'), msg(2, 'c1', 'agent')]);
    w.update('c1', 'resolved', 'Ana');
    w.seeMessages([msg(3, 'c2', 'customer')]);
    expect(w.waiting()).toBe(true);
  });
});

describe('QueuePoller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = (state: { waiting: boolean; live: boolean }, position = 2) => {
    const shown: (string | null)[] = [];
    const ask = vi.fn(async () => ({ ok: true as const, data: { position, estimatedWaitSec: 90 } }));
    const p = new QueuePoller({ t: en, waiting: () => state.waiting, live: () => state.live, ask, show: (t) => shown.push(t) });
    return { p, ask, shown };
  };

  it('asks every 15 s while waiting, open and connected, and shows the line', async () => {
    const state = { waiting: true, live: true };
    const { p, ask, shown } = setup(state);
    p.start();
    await vi.advanceTimersByTimeAsync(QUEUE_POLL_MS - 1);
    expect(ask).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(shown.at(-1)).toBe('You are number 2 in line — about 2 min');
    state.live = false;
    await vi.advanceTimersByTimeAsync(QUEUE_POLL_MS * 3);
    expect(ask).toHaveBeenCalledTimes(1);
    p.stop();
  });

  it('hides the line when an agent joins, without asking', async () => {
    const state = { waiting: true, live: true };
    const { p, ask, shown } = setup(state);
    await p.poll();
    state.waiting = false;
    p.sync();
    expect(shown.at(-1)).toBeNull();
    await p.poll();
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('hides on position 0 and sends one request at a time', async () => {
    const { p, ask, shown } = setup({ waiting: true, live: true }, 0);
    await Promise.all([p.poll(), p.poll()]);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(shown.at(-1)).toBeNull();
  });
});
