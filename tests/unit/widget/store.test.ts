import { describe, expect, it } from 'vitest';
import type { PublicMessage } from '../../../server/realtime/contract.js';
import {
  addLocal, dequeue, enqueue, lastSeenId, MAX_PENDING, mergeMessages, parseQueue, setStatus, settlePending,
  type ChatMessage, type PendingMessage,
} from '../../../widget/src/store.js';

const msg = (id: number, over: Partial<PublicMessage> = {}): PublicMessage => ({
  id, conversationId: 'c1', body: `m${id}`, authorKind: 'agent', authorName: 'Ana', clientMessageId: null,
  createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, id)).toISOString(), attachments: [], ...over,
});
const pending = (cid: string, body = cid): PendingMessage => ({ clientMessageId: cid, body, createdAt: new Date(Date.UTC(2025, 0, 1, 1)).toISOString() });
const ids = (list: ChatMessage[]) => list.map((m) => m.id ?? m.clientMessageId);

describe('mergeMessages', () => {
  it('orders by id whatever the arrival order', () => {
    expect(ids(mergeMessages([], [msg(3), msg(1), msg(2)]))).toEqual([1, 2, 3]);
    expect(ids(mergeMessages(mergeMessages([], [msg(5)]), [msg(4)]))).toEqual([4, 5]);
  });

  it('dedupes by id, taking the newer copy', () => {
    const list = mergeMessages(mergeMessages([], [msg(1), msg(2)]), [msg(2, { body: 'edited' }), msg(1)]);
    expect(list).toHaveLength(2);
    expect(list[1]!.body).toBe('edited');
  });

  it('dedupes duplicates inside one batch', () => {
    expect(mergeMessages([], [msg(7), msg(7)])).toHaveLength(1);
  });

  it('turns our sending message into the stored one by clientMessageId, keeping its key', () => {
    const local = addLocal([], pending('abc', 'hello'));
    expect(local[0]).toMatchObject({ id: null, status: 'sending', authorKind: 'customer' });
    const merged = mergeMessages(local, [msg(9, { clientMessageId: 'abc', authorKind: 'customer', authorName: null, body: 'hello' })]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ id: 9, status: 'sent', key: local[0]!.key });
  });

  it('keeps sending messages last, in the order written', () => {
    let list = mergeMessages([], [msg(1), msg(2)]);
    list = addLocal(addLocal(list, pending('x')), pending('y'));
    list = mergeMessages(list, [msg(3)]);
    expect(ids(list)).toEqual([1, 2, 3, 'x', 'y']);
  });

  it('puts a failed message after our earlier sends even when their acks came after the failure', () => {
    let list = addLocal(addLocal(mergeMessages([], [msg(1)]), pending('a')), pending('b'));
    list = setStatus(list, 'b', 'failed', { code: 'RATE_LIMITED', message: '' });
    list = mergeMessages(list, [msg(2, { clientMessageId: 'a', authorKind: 'customer' })]);
    expect(ids(list)).toEqual([1, 2, 'b']);
    list = mergeMessages(list, [msg(3)]);
    expect(ids(list)).toEqual([1, 2, 'b', 3]);
  });

  it('keeps a failed message where it failed, even when sends written before it were stored after it', () => {
    let list = addLocal(addLocal(mergeMessages([], [msg(1)]), pending('a')), pending('b'));
    list = mergeMessages(list, [msg(2, { clientMessageId: 'a', authorKind: 'customer' })]);
    list = setStatus(list, 'b', 'failed', { code: 'RATE_LIMITED', message: '' });
    list = mergeMessages(list, [msg(3)]);
    expect(ids(list)).toEqual([1, 2, 'b', 3]);
  });

  it('does not mistake messages without clientMessageId for each other', () => {
    expect(mergeMessages([], [msg(1), msg(2)])).toHaveLength(2);
  });

  it('does not mutate its input', () => {
    const before = mergeMessages([], [msg(2)]);
    const copy = structuredClone(before);
    mergeMessages(before, [msg(1)]);
    expect(before).toEqual(copy);
  });
});

describe('addLocal and setStatus', () => {
  it('shows a pending message once', () => {
    const p = pending('a');
    expect(addLocal(addLocal([], p), p)).toHaveLength(1);
  });

  it('marks a rejected send as failed with the error, and back to sending for a retry', () => {
    const err = { code: 'RATE_LIMITED', message: 'slow down' };
    const failed = setStatus(addLocal([], pending('a')), 'a', 'failed', err);
    expect(failed[0]).toMatchObject({ status: 'failed', error: err });
    expect(setStatus(failed, 'a', 'sending')[0]).toMatchObject({ status: 'sending', error: null });
  });

  it('never changes a stored message', () => {
    const list = mergeMessages([], [msg(1, { clientMessageId: 'a', authorKind: 'customer' })]);
    expect(setStatus(list, 'a', 'failed')[0]!.status).toBe('sent');
  });
});

describe('lastSeenId', () => {
  it('is the highest stored id, ignoring unsent messages', () => {
    expect(lastSeenId([])).toBe(0);
    let list = mergeMessages([], [msg(4), msg(11), msg(6)]);
    list = addLocal(list, pending('z'));
    expect(lastSeenId(list)).toBe(11);
  });
});

describe('pending queue', () => {
  it('enqueues once per clientMessageId, keeping order', () => {
    let q = enqueue([], pending('a'));
    q = enqueue(q, pending('b'));
    q = enqueue(q, pending('a'));
    expect(q.map((p) => p.clientMessageId)).toEqual(['a', 'b']);
  });

  it('is bounded, dropping the oldest', () => {
    let q: PendingMessage[] = [];
    for (let i = 0; i < MAX_PENDING + 5; i++) q = enqueue(q, pending(`p${i}`));
    expect(q).toHaveLength(MAX_PENDING);
    expect(q[0]!.clientMessageId).toBe('p5');
  });

  it('dequeues acknowledged sends', () => {
    const q = [pending('a'), pending('b'), pending('c')];
    expect(dequeue(q, ['a', 'c']).map((p) => p.clientMessageId)).toEqual(['b']);
  });

  it('settles sends that came back from the server', () => {
    const q = [pending('a'), pending('b')];
    expect(settlePending(q, [msg(1, { clientMessageId: 'b' }), msg(2)]).map((p) => p.clientMessageId)).toEqual(['a']);
  });

  it('round-trips through JSON and rejects junk', () => {
    const q = [pending('a', 'hi')];
    expect(parseQueue(JSON.stringify(q))).toEqual(q);
    expect(parseQueue(null)).toEqual([]);
    expect(parseQueue('not json')).toEqual([]);
    expect(parseQueue('{"a":1}')).toEqual([]);
    expect(parseQueue(JSON.stringify([{ clientMessageId: 5 }, null, q[0], { ...q[0], clientMessageId: 'x'.repeat(65) }]))).toEqual(q);
  });
});
