// Pure console helpers: merging live messages without duplicates and applying live list updates.
import { describe, expect, it } from 'vitest';
import type { ConversationSummary, ListFilters, StaffMessage } from '../../../agent-console/src/types.js';
import { applyConversation, formatDuration, matchesFilters, mergeMessages, waitingSince } from '../../../agent-console/src/util.js';

const msg = (id: number, body = `m${id}`, extra: Partial<StaffMessage> = {}): StaffMessage => ({
  id, conversationId: 'c1', body, authorKind: 'customer', authorName: null, clientMessageId: null, createdAt: new Date(id * 1000).toISOString(),
  attachments: [], direction: 'in', authorId: null, private: false, deliveryStatus: 'stored', deliveryError: null, ...extra,
});

const conv = (id: string, extra: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id, inboxId: 'i1', channel: 'webchat', status: 'open', type: null, priority: 1, language: 'en', subject: null, teamId: null, assigneeId: null,
  customer: { id: 'cu1', name: null, email: null, phone: null, visitor: { number: 1234, city: null, page: null } }, lastMessage: null, lastMessageAt: '2025-01-01T00:00:00.000Z',
  queuedAt: null, firstResponseDueAt: null, slaBreachedAt: null, createdAt: '2025-01-01T00:00:00.000Z', ...extra,
});

const all: ListFilters = { scope: 'all', teamId: '', status: 'open', channel: '' };

describe('mergeMessages', () => {
  it('merges by id, in id order, the later copy winning', () => {
    const merged = mergeMessages([msg(1), msg(3)], [msg(2), msg(3, 'updated'), msg(1)]);
    expect(merged.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(merged[2]!.body).toBe('updated');
  });
  it('returns the same array when nothing arrives', () => {
    const cur = [msg(1)];
    expect(mergeMessages(cur, [])).toBe(cur);
  });
});

describe('live list updates', () => {
  it('respects the scope, team, status and channel filters', () => {
    expect(matchesFilters(conv('a', { assigneeId: 'me' }), { ...all, scope: 'mine' }, 'me')).toBe(true);
    expect(matchesFilters(conv('a', { assigneeId: 'other' }), { ...all, scope: 'mine' }, 'me')).toBe(false);
    expect(matchesFilters(conv('a', { assigneeId: 'me' }), { ...all, scope: 'unassigned' }, 'me')).toBe(false);
    expect(matchesFilters(conv('a', { teamId: 't2' }), { ...all, teamId: 't1' }, 'me')).toBe(false);
    expect(matchesFilters(conv('a', { status: 'resolved' }), all, 'me')).toBe(false);
    expect(matchesFilters(conv('a', { status: 'resolved' }), { ...all, status: 'all' }, 'me')).toBe(true);
    expect(matchesFilters(conv('a', { channel: 'email' }), { ...all, channel: 'sms' }, 'me')).toBe(false);
  });
  it('inserts, replaces, reorders and drops', () => {
    let list = [conv('a', { lastMessageAt: '2025-01-01T00:00:02.000Z' }), conv('b', { lastMessageAt: '2025-01-01T00:00:01.000Z' })];
    list = applyConversation(list, conv('b', { lastMessageAt: '2025-01-01T00:00:03.000Z' }), all, 'me');
    expect(list.map((c) => c.id)).toEqual(['b', 'a']);
    list = applyConversation(list, conv('c', { lastMessageAt: '2025-01-01T00:00:00.500Z' }), all, 'me');
    expect(list.map((c) => c.id)).toEqual(['b', 'a', 'c']);
    list = applyConversation(list, conv('a', { status: 'resolved' }), all, 'me');
    expect(list.map((c) => c.id)).toEqual(['b', 'c']);
  });
});

describe('waiting time', () => {
  it('counts from the last customer message, else from queuing', () => {
    const at = '2025-01-01T00:05:00.000Z';
    expect(waitingSince(conv('a', { lastMessage: { body: 'hi', authorKind: 'customer', private: false, createdAt: at } }))).toBe(at);
    expect(waitingSince(conv('a', { lastMessage: { body: 'hi', authorKind: 'agent', private: false, createdAt: at }, assigneeId: 'x' }))).toBeNull();
    expect(waitingSince(conv('a', { queuedAt: at }))).toBe(at);
    expect(waitingSince(conv('a', { queuedAt: at, status: 'resolved' }))).toBeNull();
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(300)).toBe('5m');
    expect(formatDuration(7500)).toBe('2h 05m');
  });
});
