// Routing through the real server: a visitor's request is classified, queued and assigned to the
// agent who went online over the /agent socket; released when that agent goes offline; the
// closed-hours notice reaches the widget; supervisors see conversations at SLA risk.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, PublicMessage } from '../../server/realtime/contract.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectAgent, connectVisitor, createStaff, emitOk, sendVisitorMessage, waitForEvent } from './support.js';

type Staff = Awaited<ReturnType<typeof createStaff>>;
type Detail = ConversationSummary & { routing: { action: string; reason: string; agentId: string | null }[] };
const SALES_TEXT = 'How much does the enterprise plan cost per seat? Can I get a quote for 200 users?';

describe.each(databases())('routing on %s', (db) => {
  let server: TestServer;
  let admin: string;
  let salesId: string;
  let agent: Staff;
  let supervisor: Staff;
  let agentSocket: Socket | undefined;
  let observer: Socket;
  let conversationId: string;

  beforeAll(async () => {
    server = await startTestServer(db, {}, { presenceGraceMs: 200 });
    admin = await server.login();
    const teams = await server.api<{ teams: { id: string; key: string }[] }>('GET', '/api/teams', { token: admin });
    salesId = teams.body.teams.find((t) => t.key === 'sales')!.id;
    agent = await createStaff(server, admin, { role: 'agent', name: 'Sally Sales', teamIds: [salesId] });
    supervisor = await createStaff(server, admin, { role: 'supervisor', teamIds: [] });
    // Staff sockets receive every conversation.updated; the admin stays offline (no presence.set).
    observer = await connectAgent(server.url, admin);
  });
  afterAll(async () => {
    closeAll(agentSocket, observer);
    await server?.app.ctx.routing.stop();
    await server?.close();
  });

  const visitor = async () => connectVisitor(server.url, { inboxToken: await server.inboxToken() });
  const detail = async (id: string) => (await server.api<Detail>('GET', `/api/conversations/${id}`, { token: admin })).body;

  it('queues a request while nobody of the team is online', async () => {
    const v = await visitor();
    const queued = waitForEvent<ConversationSummary>(observer, 'conversation.updated', (c) => c.teamId === salesId && c.queuedAt !== null);
    conversationId = (await sendVisitorMessage(v.socket, SALES_TEXT)).conversationId;
    const summary = await queued;
    expect(summary).toMatchObject({ id: conversationId, type: 'sales', teamId: salesId, assigneeId: null });
    expect(await server.app.ctx.routing.queuePosition(conversationId)).toMatchObject({ position: 1 });
    closeAll(v.socket);
  });

  it('assigns it once the agent sets presence online over the /agent socket', async () => {
    agentSocket = await connectAgent(server.url, agent.token);
    const assigned = waitForEvent<ConversationSummary>(observer, 'conversation.updated', (c) => c.id === conversationId && c.assigneeId === agent.id);
    await emitOk(agentSocket, 'presence.set', { presence: 'online' });
    await assigned;
    const d = await detail(conversationId);
    expect(d.routing.map((r) => r.action)).toEqual(['classified', 'assigned']);
    expect(d.routing[1]).toMatchObject({ agentId: agent.id, reason: expect.stringMatching(/least-loaded/) });
  });

  it('assigns new requests straight away while the agent has room', async () => {
    const v = await visitor();
    const assigned = waitForEvent<ConversationSummary>(observer, 'conversation.updated', (c) => c.teamId === salesId && c.assigneeId === agent.id && c.id !== conversationId);
    await sendVisitorMessage(v.socket, 'Do you offer volume discounts on the Business plan? We want to buy 50 licenses.');
    await assigned;
    closeAll(v.socket);
  });

  it('releases unanswered conversations to the queue when the agent goes offline, at their place', async () => {
    const before = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const released = waitForEvent<ConversationSummary>(observer, 'conversation.updated', (c) => c.id === conversationId && c.assigneeId === null, 5_000);
    closeAll(agentSocket);
    agentSocket = undefined;
    await released; // after the 200 ms presence grace period
    const after = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(after.queuedAt?.getTime()).toBe(before.queuedAt?.getTime());
    expect((await detail(conversationId)).routing.at(-1)).toMatchObject({ action: 'released', agentId: agent.id, reason: expect.stringMatching(/offline/) });
    expect(await server.app.ctx.routing.queuePosition(conversationId)).toMatchObject({ position: 1 });
  });

  it('lists conversations at SLA risk for supervisors only', async () => {
    await server.app.ctx.db.conversation.update({ where: { id: conversationId }, data: { firstResponseDueAt: new Date(Date.now() + 60_000) } });
    const res = await server.api<{ ratio: number; conversations: { conversationId: string; timer: string; remainingSec: number; teamId: string }[] }>('GET', '/api/routing/at-risk', { token: supervisor.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.ratio).toBe(0.2);
    const row = res.body.conversations.find((c) => c.conversationId === conversationId);
    expect(row).toMatchObject({ timer: 'first_response', teamId: salesId });
    expect(row!.remainingSec).toBeGreaterThan(0);
    expect(row!.remainingSec).toBeLessThanOrEqual(60);
    expect((await server.api('GET', '/api/routing/at-risk', { token: agent.token })).status).toBe(403);
    const bad = await server.api<{ field: string }>('GET', '/api/routing/at-risk?ratio=3', { token: supervisor.token });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('ratio');
  });

  it('tells the widget when the team is closed and when it is back', async () => {
    const otherDay = String((new Date().getUTCDay() + 3) % 7);
    const put = await server.api('PUT', `/api/routing/admin/teams/${salesId}`, { token: admin, body: { businessHours: { tz: 'UTC', days: { [otherDay]: [['09:00', '17:00']] } } } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const v = await visitor();
    const notice = waitForEvent<PublicMessage>(v.socket, 'message.created', (m) => m.authorKind === 'system');
    await sendVisitorMessage(v.socket, SALES_TEXT);
    const day = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][Number(otherDay)];
    expect((await notice).body).toBe(`We're closed now; Sales is back ${day} 09:00 (UTC).`);
    closeAll(v.socket);
    await server.api('PUT', `/api/routing/admin/teams/${salesId}`, { token: admin, body: { businessHours: null } });
  });

  it('classify rejects empty and huge text naming the field', async () => {
    for (const text of ['   ', 'x'.repeat(10_001)]) {
      const res = await server.api<{ code: string; field: string }>('POST', '/api/routing/classify', { token: agent.token, body: { text } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'text' });
    }
    expect((await server.api('POST', '/api/routing/classify', { token: agent.token, body: { text: 'x'.repeat(10_000) } })).status).toBe(200);
  });
});
