// Web chat end to end over real sockets: visitor <-> server <-> agent console.
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, PublicMessage, StaffMessage } from '../../server/realtime/contract.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectAgent, connectVisitor, createStaff, emitAck, emitOk, randomId, record, sendVisitorMessage, waitForEvent, type Visitor } from './support.js';

const PUBLIC_MESSAGE_KEYS = ['attachments', 'authorKind', 'authorName', 'body', 'clientMessageId', 'conversationId', 'createdAt', 'id'];
const AGENT_NAME = 'Wendy Agent';

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let inboxToken: string;
  let adminToken: string;
  let agent: Awaited<ReturnType<typeof createStaff>>;
  const open: Socket[] = [];

  async function visitor(visitorToken?: string): Promise<Visitor> {
    const v = await connectVisitor(server.url, { inboxToken, ...(visitorToken ? { visitorToken } : {}) });
    open.push(v.socket);
    return v;
  }
  async function staffSocket(token = agent.token): Promise<Socket> {
    const s = await connectAgent(server.url, token);
    open.push(s);
    return s;
  }
  async function reply(conversationId: string, body: string, isPrivate = false): Promise<StaffMessage> {
    const res = await server.api<StaffMessage>('POST', `/api/conversations/${conversationId}/messages`, { token: agent.token, body: { body, private: isPrivate } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    server = await startTestServer(db);
    inboxToken = await server.inboxToken();
    adminToken = await server.login();
    agent = await createStaff(server, adminToken, { role: 'agent', name: AGENT_NAME });
  });
  afterEach(() => {
    closeAll(...open.splice(0));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a new visitor gets session.ready with a freshly minted visitorToken', async () => {
    const a = await visitor();
    const b = await visitor();
    expect(a.ready.visitorToken).toMatch(/^[A-Za-z0-9_-]+\.[0-9a-z]+\.[A-Za-z0-9_-]+$/);
    expect(a.ready.visitorToken.split('.')[0]).toBe(a.ready.visitorId);
    expect(a.ready.conversationId).toBeNull();
    expect(a.ready.inbox).toEqual({ name: 'Website', language: 'en' });
    expect(b.ready.visitorId).not.toBe(a.ready.visitorId);
    expect(b.ready.visitorToken).not.toBe(a.ready.visitorToken);
  });

  it('a visitor message is acked with the stored PublicMessage and reaches agents as conversation.created', async () => {
    const staff = await staffSocket();
    const created = record<ConversationSummary>(staff, 'conversation.created');
    const v = await visitor();
    const body = `Hello, I need help with my order ${randomId('o')}`;
    const clientMessageId = randomId('c');

    const ack = await emitAck<PublicMessage>(v.socket, 'message.send', { clientMessageId, body });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    if (!ack.ok) return;
    expect(Object.keys(ack.data).sort()).toEqual(PUBLIC_MESSAGE_KEYS);
    expect(ack.data).toMatchObject({ body, clientMessageId, authorKind: 'customer', authorName: null, attachments: [] });
    expect(Number.isInteger(ack.data.id)).toBe(true);
    expect(new Date(ack.data.createdAt).toISOString()).toBe(ack.data.createdAt);

    const summary = await created.waitFor((c) => c.id === ack.data.conversationId);
    expect(summary).toMatchObject({ channel: 'webchat', status: 'open', lastMessage: { body, authorKind: 'customer', private: false } });
    const stored = await server.app.ctx.db.message.findUniqueOrThrow({ where: { id: ack.data.id } });
    expect(stored).toMatchObject({ conversationId: ack.data.conversationId, body, direction: 'in', private: false });
  });

  it('an agent reply via REST reaches the visitor as message.created with the agent name', async () => {
    const v = await visitor();
    const first = await sendVisitorMessage(v.socket, 'Is anyone there?');
    const staff = await staffSocket();
    expect(await emitOk(staff, 'conversation.watch', { conversationId: first.conversationId })).toEqual({ watching: first.conversationId });
    const toVisitor = record<PublicMessage>(v.socket, 'message.created');
    const toStaff = record<StaffMessage>(staff, 'message.created');

    const body = `Hi! I am here to help. ${randomId('r')}`;
    const sent = await reply(first.conversationId, body);
    expect(sent).toMatchObject({ body, private: false, authorKind: 'agent', authorName: AGENT_NAME, authorId: agent.id, direction: 'out' });

    const received = await toVisitor.waitFor((m) => m.id === sent.id);
    expect(Object.keys(received).sort()).toEqual(PUBLIC_MESSAGE_KEYS);
    expect(received).toMatchObject({ conversationId: first.conversationId, body, authorKind: 'agent', authorName: AGENT_NAME });
    const staffCopy = await toStaff.waitFor((m) => m.id === sent.id);
    expect(staffCopy).toMatchObject({ private: false, authorId: agent.id });
  });

  it("an agent's private note never reaches the visitor, live or in messages.sync", async () => {
    const v = await visitor();
    const first = await sendVisitorMessage(v.socket, 'My invoice looks wrong');
    const staff = await staffSocket();
    await emitOk(staff, 'conversation.watch', { conversationId: first.conversationId });
    const toVisitor = record<PublicMessage>(v.socket, 'message.created');
    const toStaff = record<StaffMessage>(staff, 'message.created');

    const noteBody = `PRIVATE: customer looks like a chargeback risk ${randomId('n')}`;
    const note = await reply(first.conversationId, noteBody, true);
    expect(note).toMatchObject({ private: true, deliveryStatus: 'stored' });
    // The note is fanned out (staff get it) before the public reply is even written.
    await toStaff.waitFor((m) => m.id === note.id);
    const publicReply = await reply(first.conversationId, 'Let me check that invoice for you.');
    await toVisitor.waitFor((m) => m.id === publicReply.id);

    expect(toVisitor.events.map((m) => m.id)).not.toContain(note.id);
    expect(toVisitor.events.map((m) => m.body)).not.toContain(noteBody);
    const synced = await emitOk<PublicMessage[]>(v.socket, 'messages.sync', { afterId: 0 });
    expect(synced.map((m) => m.id)).toEqual([first.id, publicReply.id]);
    expect(JSON.stringify(synced)).not.toContain(noteBody);

    // Staff still see it, flagged private.
    const detail = await server.api<{ messages: StaffMessage[] }>('GET', `/api/conversations/${first.conversationId}`, { token: agent.token });
    expect(detail.body.messages.find((m) => m.id === note.id)).toMatchObject({ private: true, body: noteBody });
  });

  it("a visitor's other tab gets their message; the sending tab has it from its ack, with no echo", async () => {
    const a = await visitor();
    const b = await visitor(a.ready.visitorToken);
    const first = await sendVisitorMessage(a.socket, 'hello from tab A');
    const echoA = record<PublicMessage>(a.socket, 'message.created');
    const seenB = record<PublicMessage>(b.socket, 'message.created');
    const second = await sendVisitorMessage(a.socket, 'second from tab A'); // the hot path this time
    expect((await seenB.waitFor((m) => m.id === second.id)).body).toBe('second from tab A');
    const fromB = await sendVisitorMessage(b.socket, 'from tab B');
    expect((await echoA.waitFor((m) => m.id === fromB.id)).conversationId).toBe(first.conversationId);
    await new Promise((r) => setTimeout(r, 200));
    expect(echoA.events.map((m) => m.id)).not.toContain(second.id);
  });

  it('the same clientMessageId sent twice is stored once', async () => {
    const v = await visitor();
    const clientMessageId = randomId('dup');
    const a = await sendVisitorMessage(v.socket, 'Sent twice by a flaky network', clientMessageId);
    const b = await sendVisitorMessage(v.socket, 'Sent twice by a flaky network', clientMessageId);
    expect(b.id).toBe(a.id);
    expect(b.conversationId).toBe(a.conversationId);
    expect(await server.app.ctx.db.message.count({ where: { clientMessageId } })).toBe(1);
  });

  it('the same clientMessageId sent twice at once is stored once', async () => {
    const v = await visitor();
    const clientMessageId = randomId('race');
    const [a, b] = await Promise.all([
      emitAck<PublicMessage>(v.socket, 'message.send', { clientMessageId, body: 'Double click' }),
      emitAck<PublicMessage>(v.socket, 'message.send', { clientMessageId, body: 'Double click' }),
    ]);
    expect(a.ok && b.ok, JSON.stringify([a, b])).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.data.id).toBe(a.data.id);
    expect(await server.app.ctx.db.message.count({ where: { clientMessageId } })).toBe(1);
  });

  it("a new visitor's first two messages sent at once are both stored, in one conversation", async () => {
    const v = await visitor();
    const [a, b] = await Promise.all([
      emitAck<PublicMessage>(v.socket, 'message.send', { clientMessageId: randomId('q1'), body: 'Hello?' }),
      emitAck<PublicMessage>(v.socket, 'message.send', { clientMessageId: randomId('q2'), body: 'I have a question about my plan' }),
    ]);
    expect(a.ok, JSON.stringify(a)).toBe(true);
    expect(b.ok, JSON.stringify(b)).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.data.conversationId).toBe(a.data.conversationId);
    const customers = await server.app.ctx.db.customer.count({ where: { identities: { some: { kind: 'visitor', value: v.ready.visitorId } } } });
    expect(customers).toBe(1);
  });

  it('reconnecting with the stored visitorToken resumes the conversation and syncs exactly the missed messages', async () => {
    const v1 = await visitor();
    const seen = await sendVisitorMessage(v1.socket, 'I will be right back');
    const disconnected = waitForEvent(v1.socket, 'disconnect');
    v1.socket.disconnect();
    await disconnected;

    const missed1 = await reply(seen.conversationId, 'First answer while you were away');
    await reply(seen.conversationId, 'Internal: waiting on the customer', true);
    const missed2 = await reply(seen.conversationId, 'Second answer while you were away');

    const v2 = await visitor(v1.ready.visitorToken);
    expect(v2.ready.visitorId).toBe(v1.ready.visitorId);
    // The same visitor, with a freshly issued token (each connection rotates it).
    expect(v2.ready.visitorToken.split('.')[0]).toBe(v1.ready.visitorId);
    expect(v2.ready.conversationId).toBe(seen.conversationId);

    const answer = await emitOk<PublicMessage[]>(v2.socket, 'messages.sync', { afterId: seen.id });
    // At or below the cursor only recent repeats (late commits, merged by id); past it exactly the missed ones.
    expect(answer.filter((m) => m.id <= seen.id).map((m) => m.id)).toEqual([seen.id]);
    const synced = answer.filter((m) => m.id > seen.id);
    expect(synced.map((m) => m.id)).toEqual([missed1.id, missed2.id]);
    expect(synced.map((m) => m.body)).toEqual(['First answer while you were away', 'Second answer while you were away']);
    expect(synced.every((m) => m.authorName === AGENT_NAME)).toBe(true);
    const newer = async (afterId: number) => (await emitOk<PublicMessage[]>(v2.socket, 'messages.sync', { afterId })).filter((m) => m.id > afterId).map((m) => m.id);
    expect(await newer(missed1.id)).toEqual([missed2.id]);
    expect(await newer(missed2.id)).toEqual([]);
    const all = await emitOk<PublicMessage[]>(v2.socket, 'messages.sync', { afterId: 0 });
    expect(all.map((m) => m.id)).toEqual([seen.id, missed1.id, missed2.id]);
  });

  it('messages.sync also repeats recent messages at or below afterId (a late commit), never old ones or private notes', async () => {
    const v = await visitor();
    const old = await sendVisitorMessage(v.socket, 'Asked long ago');
    const recent = await sendVisitorMessage(v.socket, 'Asked just now');
    const note = await reply(old.conversationId, 'Internal: recent note', true);
    const answer = await reply(old.conversationId, 'Answered just now');
    await server.app.ctx.db.message.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 5 * 60_000) } });

    const synced = await emitOk<PublicMessage[]>(v.socket, 'messages.sync', { afterId: answer.id });
    expect(synced.map((m) => m.id)).toEqual([recent.id, answer.id]);
    const staffSide = await server.api<{ messages: StaffMessage[] }>('GET', `/api/conversations/${old.conversationId}/messages?after=${answer.id}`, { token: agent.token });
    expect(staffSide.body.messages.map((m) => m.id)).toEqual([recent.id, note.id, answer.id]);
  });

  it('after an agent resolves the conversation, the visitor is told and their next message opens a new one', async () => {
    const v = await visitor();
    const first = await sendVisitorMessage(v.socket, 'Thanks, that fixed it');
    await sendVisitorMessage(v.socket, 'Bye!');
    const staff = await staffSocket();
    const toVisitor = record<{ id: string; status: string }>(v.socket, 'conversation.updated');
    const created = record<ConversationSummary>(staff, 'conversation.created');
    const updated = record<ConversationSummary>(staff, 'conversation.updated');

    const res = await server.api<ConversationSummary>('POST', `/api/conversations/${first.conversationId}/status`, { token: agent.token, body: { status: 'resolved' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('resolved');
    await toVisitor.waitFor((c) => c.id === first.conversationId && c.status === 'resolved');
    expect((await visitor(v.ready.visitorToken)).ready.conversationId).toBeNull();

    const again = await sendVisitorMessage(v.socket, 'Actually, one more question');
    expect(again.conversationId).not.toBe(first.conversationId);
    await created.waitFor((c) => c.id === again.conversationId);
    const summary = await updated.waitFor((c) => c.id === again.conversationId && c.lastMessage?.body === 'Actually, one more question');
    expect(summary.status).toBe('open');
    const old = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId }, select: { status: true, _count: { select: { messages: true } } } });
    expect(old).toEqual({ status: 'resolved', _count: { messages: 2 } });
  });

  it('typing indicators flow from visitor to agent and from agent to visitor', async () => {
    const v = await visitor();
    const first = await sendVisitorMessage(v.socket, 'Typing test');
    const staff = await staffSocket();
    await emitOk(staff, 'conversation.watch', { conversationId: first.conversationId });
    const cid = first.conversationId;

    const agentSees = waitForEvent<{ conversationId: string; who: string; typing: boolean }>(staff, 'typing.updated', (p) => p.conversationId === cid && p.who === 'customer' && p.typing);
    v.socket.emit('typing.set', { typing: true });
    await agentSees;
    const agentSeesStop = waitForEvent<{ conversationId: string; who: string; typing: boolean }>(staff, 'typing.updated', (p) => p.conversationId === cid && p.who === 'customer' && !p.typing);
    v.socket.emit('typing.set', { typing: false });
    await agentSeesStop;

    const visitorSees = waitForEvent<{ conversationId: string; name: string | null; typing: boolean }>(v.socket, 'typing.updated', (p) => p.conversationId === cid && p.typing);
    staff.emit('typing.set', { conversationId: cid, typing: true });
    expect((await visitorSees).name).toBe(AGENT_NAME);
    const visitorSeesStop = waitForEvent<{ conversationId: string; typing: boolean }>(v.socket, 'typing.updated', (p) => p.conversationId === cid && !p.typing);
    staff.emit('typing.set', { conversationId: cid, typing: false });
    await visitorSeesStop;
  });

  it('with no agent online, session.ready says agentsOnline:false and followup.leave stores the email', async () => {
    const users = await server.api<{ users: { presence: string; active: boolean }[] }>('GET', '/api/users', { token: adminToken });
    expect(users.body.users.filter((u) => u.active && u.presence === 'online')).toEqual([]);

    const v = await visitor();
    expect(v.ready.agentsOnline).toBe(false);
    const tooEarly = await emitAck(v.socket, 'followup.leave', { email: 'early@example.com' });
    expect(tooEarly).toMatchObject({ ok: false, error: { code: 'CONVERSATION_NOT_FOUND' } });
    const first = await sendVisitorMessage(v.socket, 'Nobody is here, please email me');
    const bad = await emitAck(v.socket, 'followup.leave', { email: 'not-an-email' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'email' } });

    expect(await emitOk(v.socket, 'followup.leave', { email: 'Visitor.Person@Example.com' })).toEqual({ saved: true });
    const conversation = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId }, select: { followUpEmail: true, customerId: true } });
    expect(conversation.followUpEmail).toBe('visitor.person@example.com');
    const customer = await server.api<{ email: string | null }>('GET', `/api/customers/${conversation.customerId}`, { token: agent.token });
    expect(customer.body.email).toBe('visitor.person@example.com');
  });

  it('after presence.set online, agents.availability {online:true} reaches the widget', async () => {
    const v = await visitor();
    expect(v.ready.agentsOnline).toBe(false);
    const staff = await staffSocket();
    const online = waitForEvent<{ online: boolean }>(v.socket, 'agents.availability', (p) => p.online);
    expect(await emitOk(staff, 'presence.set', { presence: 'online' })).toEqual({ presence: 'online' });
    await online;
    expect((await visitor()).ready.agentsOnline).toBe(true);

    const offline = waitForEvent<{ online: boolean }>(v.socket, 'agents.availability', (p) => !p.online);
    await emitOk(staff, 'presence.set', { presence: 'offline' });
    await offline;
    expect((await visitor()).ready.agentsOnline).toBe(false);
  });
});
