// Assignment decisions from the in-memory index: online only, per-channel capacity, least loaded,
// round robin on ties.
import { describe, expect, it } from 'vitest';
import { LiveIndex, type ConvState } from '../../../server/routing/live-index.js';

const T = 'team-sales';
let seq = 0;
function waiting(index: LiveIndex, over: Partial<ConvState> = {}): ConvState {
  seq += 1;
  const c: ConvState = { id: `c${String(seq).padStart(5, '0')}`, teamId: T, channel: 'webchat', priority: 1, queuedAt: 1000 + seq, assigneeId: null, status: 'open', ...over };
  index.apply(c.id, c);
  return c;
}
function agent(index: LiveIndex, id: string, over: { online?: boolean; capacity?: Record<string, number>; teamIds?: string[] } = {}) {
  index.agents.set({ id, online: over.online ?? true, capacity: over.capacity ?? { webchat: 3, email: 10 }, teamIds: over.teamIds ?? [T] });
}
/** Runs decisions like the assigner does, without a database. */
function drain(index: LiveIndex, teamId = T): [string, string][] {
  const out: [string, string][] = [];
  for (let d = index.next(teamId); d; d = index.next(teamId)) {
    index.reserve(teamId, d);
    out.push([d.conversation.id, d.agentId]);
  }
  return out;
}

describe('assignment decisions', () => {
  it('gives nothing to an offline agent', () => {
    const index = new LiveIndex();
    agent(index, 'a', { online: false });
    waiting(index);
    expect(index.next(T)).toBeNull();
  });

  it('gives nothing to an agent at capacity, and the rest keeps waiting in order', () => {
    const index = new LiveIndex();
    agent(index, 'a', { capacity: { webchat: 2 } });
    const [c1, c2, c3] = [waiting(index), waiting(index), waiting(index)];
    expect(drain(index)).toEqual([[c1.id, 'a'], [c2.id, 'a']]);
    expect(index.agents.load('a', 'webchat')).toBe(2);
    expect(index.position(c3.id)).toBe(1);
    expect(index.next(T)).toBeNull();
  });

  it('counts capacity per channel: a full chat load still takes email', () => {
    const index = new LiveIndex();
    agent(index, 'a', { capacity: { webchat: 1, email: 2 } });
    const chats = [waiting(index), waiting(index)];
    const mail = waiting(index, { channel: 'email' });
    const got = drain(index);
    expect(got).toEqual([[chats[0]!.id, 'a'], [mail.id, 'a']]);
    expect(index.agents.load('a', 'webchat')).toBe(1);
    expect(index.agents.load('a', 'email')).toBe(1);
    expect(index.position(chats[1]!.id)).toBe(1);
  });

  it('serves priority before waiting time', () => {
    const index = new LiveIndex();
    agent(index, 'a', { capacity: { webchat: 1 } });
    waiting(index, { priority: 1, queuedAt: 1 });
    const urgent = waiting(index, { priority: 3, queuedAt: 999_999 });
    expect(index.next(T)?.conversation.id).toBe(urgent.id);
  });

  it('the least-loaded agent wins', () => {
    const index = new LiveIndex();
    agent(index, 'a');
    agent(index, 'b');
    for (let i = 0; i < 2; i++) index.apply(`busy${i}`, { id: `busy${i}`, teamId: T, channel: 'webchat', priority: 1, queuedAt: 1, assigneeId: 'a', status: 'open' });
    index.apply('busyb', { id: 'busyb', teamId: T, channel: 'webchat', priority: 1, queuedAt: 1, assigneeId: 'b', status: 'pending' });
    waiting(index);
    expect(index.next(T)?.agentId).toBe('b');
  });

  it('round robin breaks ties: equal agents take turns', () => {
    const index = new LiveIndex();
    for (const id of ['c', 'a', 'b']) agent(index, id, { capacity: { webchat: 10 } });
    for (let i = 0; i < 6; i++) waiting(index);
    expect(drain(index).map(([, a]) => a)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('round robin still rotates when every conversation ends before the next arrives', () => {
    const index = new LiveIndex();
    for (const id of ['a', 'b', 'c']) agent(index, id);
    const got: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = waiting(index);
      const [[, who]] = drain(index) as [[string, string]];
      got.push(who);
      // Resolved at once: every agent is back to zero load, a pure tie each time.
      index.apply(c.id, { ...c, assigneeId: who, status: 'resolved' });
    }
    expect(got).toEqual(['a', 'b', 'c', 'a']);
  });

  it('frees capacity when a conversation is resolved, and counts load across teams', () => {
    const index = new LiveIndex();
    agent(index, 'a', { capacity: { webchat: 1 }, teamIds: [T, 'team-care'] });
    const other = waiting(index, { teamId: 'team-care' });
    expect(drain(index, 'team-care')).toEqual([[other.id, 'a']]);
    waiting(index);
    expect(index.next(T)).toBeNull();
    const effect = index.apply(other.id, { ...other, assigneeId: 'a', status: 'resolved' });
    expect(effect.freedAgent).toBe('a');
    expect(index.next(T)?.agentId).toBe('a');
  });

  it('decides in well under 5 ms with 10,000 waiting and 200 agents', () => {
    const index = new LiveIndex();
    for (let i = 0; i < 200; i++) agent(index, `agent${String(i).padStart(3, '0')}`, { capacity: { webchat: 3, email: 10 } });
    for (let i = 0; i < 10_000; i++) waiting(index, { priority: i % 4, channel: i % 3 ? 'webchat' : 'email', queuedAt: i });
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) {
      const d = index.next(T)!;
      index.reserve(T, d);
    }
    expect((performance.now() - t0) / 100).toBeLessThan(5);
  });
});
