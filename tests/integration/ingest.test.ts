// The shared ingest path: a redelivered message (same provider id) is stored once, whatever the timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../channels/types.js';
import { MAX_CHANNEL_TEXT } from '../../server/ingest/ingest.js';
import { UNREACHABLE_EMAIL_SETTINGS } from '../helpers/inboxes.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { randomId } from './support.js';

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let token: string;
  let emailInbox: string;
  let otherEmailInbox: string;
  const created: number[] = [];

  async function createEmailInbox(name: string): Promise<string> {
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token, body: { channel: 'email', name, settings: UNREACHABLE_EMAIL_SETTINGS } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }
  function email(overrides: Partial<InboundMessage> = {}): InboundMessage {
    return {
      inboxId: emailInbox, channel: 'email', sender: { kind: 'email', value: `${randomId('sender')}@example.com`, verified: true },
      text: 'Where is my parcel?', subject: 'Parcel', externalId: `<${randomId('mid')}@mail.example.com>`, ...overrides,
    };
  }

  beforeAll(async () => {
    server = await startTestServer(db);
    token = await server.login();
    emailInbox = await createEmailInbox('Support mailbox');
    otherEmailInbox = await createEmailInbox('Sales mailbox');
    server.app.ctx.bus.on('message.created', ({ messageId }) => void created.push(messageId));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('the same externalId received twice is stored once, and only the first emits message.created', async () => {
    const msg = email();
    const first = await server.app.ctx.ingest.receive(msg);
    const second = await server.app.ctx.ingest.receive({ ...msg });
    expect(first).toMatchObject({ created: true, isNewConversation: true });
    expect(second).toEqual({ ...first, created: false, isNewConversation: false });
    expect(await server.app.ctx.db.message.count({ where: { inboxId: emailInbox, externalId: msg.externalId! } })).toBe(1);
    expect(created.filter((id) => id === first.messageId)).toHaveLength(1);
  });

  it('the same externalId received twice at once is stored once', async () => {
    const msg = email();
    const [a, b] = await Promise.all([server.app.ctx.ingest.receive(msg), server.app.ctx.ingest.receive({ ...msg })]);
    expect(b.messageId).toBe(a.messageId);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await server.app.ctx.db.message.count({ where: { inboxId: emailInbox, externalId: msg.externalId! } })).toBe(1);
    expect(await server.app.ctx.db.conversation.count({ where: { id: a.conversationId } })).toBe(1);
  });

  it('the same externalId in another inbox is a different message', async () => {
    const msg = email();
    const a = await server.app.ctx.ingest.receive(msg);
    const b = await server.app.ctx.ingest.receive({ ...msg, inboxId: otherEmailInbox });
    expect(b.created).toBe(true);
    expect(b.messageId).not.toBe(a.messageId);
    expect(b.conversationId).not.toBe(a.conversationId);
    expect(b.customerId).toBe(a.customerId);
  });

  it("a customer's next message joins their open conversation", async () => {
    const sender = { kind: 'email' as const, value: `${randomId('again')}@example.com`, verified: true };
    const a = await server.app.ctx.ingest.receive(email({ sender }));
    const b = await server.app.ctx.ingest.receive(email({ sender, text: 'Any news?' }));
    expect(b).toMatchObject({ created: true, isNewConversation: false, conversationId: a.conversationId, customerId: a.customerId });
  });

  it("a new sender's two different messages delivered at once are both stored, for one customer", async () => {
    const sender = { kind: 'email' as const, value: `${randomId('burst')}@example.com`, verified: true };
    const [a, b] = await Promise.all([
      server.app.ctx.ingest.receive(email({ sender, text: 'First mail' })),
      server.app.ctx.ingest.receive(email({ sender, text: 'Second mail, sent a second later' })),
    ]);
    expect(b.messageId).not.toBe(a.messageId);
    expect(b.customerId).toBe(a.customerId);
    expect(b.conversationId).toBe(a.conversationId);
  });

  it("a returning customer's two messages delivered at once open one new conversation, not two", async () => {
    const sender = { kind: 'email' as const, value: `${randomId('back')}@example.com`, verified: true };
    const old = await server.app.ctx.ingest.receive(email({ sender, text: 'An old question' }));
    await server.app.ctx.conversations.setStatus(old.conversationId, (await server.app.ctx.db.user.findFirstOrThrow()).id, 'resolved');
    const [a, b] = await Promise.all([
      server.app.ctx.ingest.receive(email({ sender, text: 'A new question' })),
      server.app.ctx.ingest.receive(email({ sender, text: 'And a follow-up to it' })),
    ]);
    expect(a.conversationId).not.toBe(old.conversationId);
    expect(b.conversationId).toBe(a.conversationId);
    expect(await server.app.ctx.db.conversation.count({ where: { customerId: a.customerId, status: { not: 'resolved' } } })).toBe(1);
  });

  it('an over-long chat message is MESSAGE_TOO_LONG and stores nothing', async () => {
    const inbox = await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } });
    const clientMessageId = randomId('c');
    const msg: InboundMessage = { inboxId: inbox.id, channel: 'webchat', sender: { kind: 'visitor', value: randomId('v'), verified: true }, text: 'x'.repeat(server.app.ctx.config.MAX_MESSAGE_CHARS + 1), clientMessageId };
    await expect(server.app.ctx.ingest.receive(msg)).rejects.toMatchObject({ code: 'MESSAGE_TOO_LONG', field: 'body' });
    expect(await server.app.ctx.db.message.count({ where: { clientMessageId } })).toBe(0);
  });

  it('a long email is stored whole, and only an absurd one is cut with a visible note', async () => {
    const long = email({ text: 'y'.repeat(server.app.ctx.config.MAX_MESSAGE_CHARS * 3) });
    const stored = await server.app.ctx.ingest.receive(long);
    expect((await server.app.ctx.db.message.findUniqueOrThrow({ where: { id: stored.messageId } })).body).toHaveLength(server.app.ctx.config.MAX_MESSAGE_CHARS * 3);
    const absurd = email({ text: 'z'.repeat(MAX_CHANNEL_TEXT + 10) });
    const cut = await server.app.ctx.db.message.findUniqueOrThrow({ where: { id: (await server.app.ctx.ingest.receive(absurd)).messageId } });
    expect(cut.body.startsWith('z'.repeat(MAX_CHANNEL_TEXT))).toBe(true);
    expect(cut.body).toContain(`the original had ${MAX_CHANNEL_TEXT + 10} characters`);
  });

  it('a burst of 600 chat messages on one open conversation is stored whole, each acked once', async () => {
    const inbox = await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } });
    const visitor = randomId('burst');
    const chat = (text: string, clientMessageId: string): InboundMessage => ({ inboxId: inbox.id, channel: 'webchat', sender: { kind: 'visitor', value: visitor, verified: true }, text, clientMessageId });
    const first = await server.app.ctx.ingest.receive(chat('hello', randomId('c')));
    // Concurrent sends queue up behind one batch: more than SQLite's 999 bound values if uncapped.
    const results = await Promise.all(Array.from({ length: 600 }, (_, i) => server.app.ctx.ingest.receive(chat(`m${i}`, `burst-${visitor}-${i}`))));
    expect(results.every((r) => r.created && r.conversationId === first.conversationId)).toBe(true);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(600);
    expect(await server.app.ctx.db.message.count({ where: { conversationId: first.conversationId } })).toBe(601);
  });
});
