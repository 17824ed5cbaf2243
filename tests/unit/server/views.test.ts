// Views: what customers and staff may see of stored rows.
import { describe, expect, it } from 'vitest';
import { conversationSummary, publicMessage, staffMessage, type ConversationRow, type MessageRow } from '../../../server/domain/views.js';

function row(overrides: Partial<MessageRow> = {}): MessageRow {
  return {
    id: 7, conversationId: 'conv1', body: 'Hello', authorKind: 'agent', authorId: 'user1', direction: 'out', private: false,
    clientMessageId: null, deliveryStatus: 'sent', deliveryError: null, createdAt: new Date('2026-01-02T03:04:05.000Z'),
    author: { name: 'Wendy' }, attachments: [{ id: 'att1', filename: 'a.png', contentType: 'image/png', size: 10 }], ...overrides,
  };
}

describe('publicMessage', () => {
  it('throws on a private row, so a note can never be shown to a customer', () => {
    expect(() => publicMessage(row({ private: true }))).toThrow(/private/);
  });

  it('has only public fields: no author id, direction, privacy or delivery details', () => {
    const view = publicMessage(row());
    expect(Object.keys(view).sort()).toEqual(['attachments', 'authorKind', 'authorName', 'body', 'clientMessageId', 'conversationId', 'createdAt', 'id']);
    expect(view).toEqual({
      id: 7, conversationId: 'conv1', body: 'Hello', authorKind: 'agent', authorName: 'Wendy', clientMessageId: null, createdAt: '2026-01-02T03:04:05.000Z',
      attachments: [{ id: 'att1', filename: 'a.png', contentType: 'image/png', size: 10, url: '/api/attachments/att1' }],
    });
  });

  it("shows an agent's display name only, never a customer's or system author's", () => {
    expect(publicMessage(row({ authorKind: 'customer', author: { name: 'Should Not Show' } })).authorName).toBeNull();
    expect(publicMessage(row({ authorKind: 'system', author: { name: 'Internal' } })).authorName).toBeNull();
    expect(publicMessage(row({ author: null })).authorName).toBeNull();
  });
});

describe('staffMessage', () => {
  it('keeps private notes and internal fields for staff', () => {
    expect(staffMessage(row({ private: true, deliveryStatus: 'stored' }))).toMatchObject({ private: true, authorId: 'user1', direction: 'out', deliveryStatus: 'stored', deliveryError: null, authorName: 'Wendy' });
  });
});

describe('conversationSummary', () => {
  const base: ConversationRow = {
    id: 'c1', inboxId: 'i1', channel: 'webchat', status: 'open', type: null, priority: 1, language: null, subject: null, teamId: null, assigneeId: null,
    lastMessageAt: new Date('2026-01-01T00:00:00Z'), queuedAt: null, firstResponseDueAt: null, slaBreachedAt: null, createdAt: new Date('2026-01-01T00:00:00Z'),
    customer: { id: 'cu1', name: null, email: null, phone: null, visitorContext: null },
  };

  it('cuts the last message preview to 200 characters', () => {
    const summary = conversationSummary({ ...base, messages: [{ body: 'x'.repeat(500), authorKind: 'customer', private: false, createdAt: new Date('2026-01-01T00:00:00Z') }] });
    expect(summary.lastMessage?.body).toHaveLength(200);
  });

  it('has no last message for an empty conversation', () => {
    expect(conversationSummary({ ...base, messages: [] }).lastMessage).toBeNull();
  });
});
