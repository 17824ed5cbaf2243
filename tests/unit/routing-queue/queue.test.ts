// Queue order: priority first, then the longest wait; a released conversation keeps its place.
import { describe, expect, it } from 'vitest';
import { SortedQueue, TeamQueue, type QueueEntry } from '../../../server/routing/queue.js';

const e = (id: string, priority: number, queuedAt: number, channel = 'webchat'): QueueEntry => ({ id, channel, priority, queuedAt });

describe('SortedQueue', () => {
  it('serves higher priority first, then the one waiting longest', () => {
    const q = new SortedQueue();
    for (const x of [e('a', 1, 300), e('b', 3, 500), e('c', 1, 100), e('d', 0, 0), e('f', 3, 400)]) q.insert(x);
    expect(q.values().map((x) => x.id)).toEqual(['f', 'b', 'c', 'a', 'd']);
  });

  it('puts a released conversation back at its original place, not at the end', () => {
    const q = new SortedQueue();
    for (let i = 0; i < 5; i++) q.insert(e(`n${i}`, 1, 1000 + i));
    q.insert(e('released', 1, 1002.5));
    expect(q.values().map((x) => x.id)).toEqual(['n0', 'n1', 'n2', 'released', 'n3', 'n4']);
  });

  it('removes by id and sort key, and reports a miss', () => {
    const q = new SortedQueue();
    const a = e('a', 1, 10);
    q.insert(a);
    q.insert(e('b', 1, 10));
    expect(q.remove(e('zzz', 1, 10))).toBe(false);
    expect(q.remove(a)).toBe(true);
    expect(q.values().map((x) => x.id)).toEqual(['b']);
  });

  it('keeps 10,000 random inserts in order', () => {
    const q = new SortedQueue();
    for (let i = 0; i < 10_000; i++) q.insert(e(`c${i}`, i % 4, (i * 7919) % 10_007));
    const v = q.values();
    for (let i = 1; i < v.length; i++) {
      const [a, b] = [v[i - 1]!, v[i]!];
      expect(a.priority > b.priority || (a.priority === b.priority && a.queuedAt <= b.queuedAt)).toBe(true);
    }
  });
});

describe('TeamQueue', () => {
  it('counts the position across channels', () => {
    const q = new TeamQueue();
    q.insert(e('w1', 1, 10, 'webchat'));
    q.insert(e('m1', 1, 20, 'email'));
    q.insert(e('w2', 2, 30, 'webchat'));
    const last = e('m2', 1, 40, 'email');
    q.insert(last);
    expect(q.position(last)).toBe(4);
    expect(q.position(e('w2', 2, 30, 'webchat'))).toBe(1);
  });

  it('skips a channel nobody can serve, so a full channel does not block another', () => {
    const q = new TeamQueue();
    q.insert(e('chat', 3, 1, 'webchat'));
    q.insert(e('mail', 0, 9, 'email'));
    expect(q.head(() => true)?.id).toBe('chat');
    expect(q.head((c) => c === 'email')?.id).toBe('mail');
    expect(q.head(() => false)).toBeUndefined();
  });
});
