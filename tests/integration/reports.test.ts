// Reports and the supervisor overview over a real server: definitions, filters, roles, CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { CSAT_ENV, mountExtras, makeConversation } from '../unit/reports/harness.js';
import { createStaff } from './support.js';

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let extras: ReturnType<typeof mountExtras>;
  let admin: string;
  let agent: Awaited<ReturnType<typeof createStaff>>;
  let supervisor: Awaited<ReturnType<typeof createStaff>>;
  let teamId: string;
  const q = '?from=2025-01-01&to=2025-01-31';

  beforeAll(async () => {
    server = await startTestServer(db, CSAT_ENV);
    extras = mountExtras(server);
    admin = await server.login();
    const team = await server.app.ctx.db.team.create({
      data: { key: `t${Date.now()}`, name: '=cmd|evil', businessHours: { tz: 'UTC', days: { '1': [['09:00', '17:00']], '2': [['09:00', '17:00']], '3': [['09:00', '17:00']], '4': [['09:00', '17:00']], '5': [['09:00', '17:00']] } } },
    });
    teamId = team.id;
    agent = await createStaff(server, admin, { role: 'agent', name: 'Ann, "the" agent', teamIds: [teamId] });
    supervisor = await createStaff(server, admin, { role: 'supervisor', teamIds: [teamId] });
    const d = server.app.ctx.db;
    // Monday 2025-01-06 10:00: a bot greets at once, a private note at 10:01, the public reply at 10:10.
    const c1 = await makeConversation(server, { channel: 'email', teamId, assigneeId: agent.id, createdAt: new Date('2025-01-06T10:00:00Z'), type: 'billing' });
    const msg = (conversationId: string, inboxId: string, authorKind: string, createdAt: string, extra: object = {}) =>
      d.message.create({ data: { conversationId, inboxId, direction: authorKind === 'customer' ? 'in' : 'out', authorKind, body: 'x', createdAt: new Date(createdAt), ...extra } });
    await msg(c1.id, c1.inboxId, 'customer', '2025-01-06T10:00:00Z');
    await msg(c1.id, c1.inboxId, 'bot', '2025-01-06T10:00:01Z');
    await msg(c1.id, c1.inboxId, 'system', '2025-01-06T10:00:02Z');
    await msg(c1.id, c1.inboxId, 'agent', '2025-01-06T10:01:00Z', { private: true, authorId: agent.id });
    await msg(c1.id, c1.inboxId, 'agent', '2025-01-06T10:10:00Z', { authorId: agent.id });
    await d.conversation.update({ where: { id: c1.id }, data: { status: 'resolved', resolvedAt: new Date('2025-01-06T12:00:00Z'), firstResponseAt: new Date('2025-01-06T10:10:00Z'), firstResponseDueAt: new Date('2025-01-06T11:00:00Z'), resolutionDueAt: new Date('2025-01-06T11:00:00Z') } });
    // Friday 16:30, answered Monday 09:30: one open hour (30 min Friday + 30 min Monday).
    const c2 = await makeConversation(server, { channel: 'sms', teamId, assigneeId: agent.id, createdAt: new Date('2025-01-10T16:30:00Z') });
    await msg(c2.id, c2.inboxId, 'agent', '2025-01-13T09:30:00Z', { authorId: agent.id });
    await d.conversation.update({ where: { id: c2.id }, data: { firstResponseAt: new Date('2025-01-13T09:30:00Z'), firstResponseDueAt: new Date('2025-01-10T17:30:00Z') } });
    // Outside the range, still waiting and past its first-response due time.
    const late = await makeConversation(server, { channel: 'email', teamId, createdAt: new Date('2025-03-01T10:00:00Z') });
    await d.conversation.update({ where: { id: late.id }, data: { firstResponseDueAt: new Date('2025-03-01T11:00:00Z') } });
    await d.csatResponse.create({ data: { conversationId: c1.id, score: 4, agentId: agent.id, teamId, channel: 'email', type: 'billing', createdAt: new Date('2025-01-06T12:05:00Z') } });
  });
  afterAll(async () => {
    await extras?.close();
    await server?.close();
  });

  it('agents get 403 on every report and on the overview; supervisors get 200', async () => {
    for (const r of ['volume', 'response-times', 'sla', 'csat', 'agents']) {
      const res = await extras.get(`/api/reports/${r}${q}`, agent.token);
      expect(res.status, r).toBe(403);
      expect(JSON.parse(res.text)).toMatchObject({ code: 'FORBIDDEN' });
      expect((await extras.get(`/api/reports/${r}${q}`, supervisor.token)).status, r).toBe(200);
    }
    expect((await extras.get('/api/supervisor/overview', agent.token)).status).toBe(403);
    expect((await extras.get('/api/reports/volume')).status).toBe(401);
  });

  it('validates filters, naming the field', async () => {
    const bad = await extras.get('/api/reports/volume?from=2025-02-01&to=2025-01-01', admin);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
    expect(JSON.parse((await extras.get('/api/reports/volume?to=soon', admin)).text)).toMatchObject({ field: 'to' });
  });

  it('volume counts conversations by channel, type and team per day', async () => {
    const body = JSON.parse((await extras.get(`/api/reports/volume${q}`, admin)).text);
    expect(body.totals).toMatchObject({ conversations: 2, byChannel: { email: 1, sms: 1 }, byType: { billing: 1, support: 1 } });
    expect(body.series).toEqual(expect.arrayContaining([expect.objectContaining({ bucket: '2025-01-06', channel: 'email', type: 'billing', teamId, conversations: 1 })]));
    const week = JSON.parse((await extras.get(`/api/reports/volume${q}&interval=week`, admin)).text);
    expect(week.series.map((s: { bucket: string }) => s.bucket).sort()).toEqual(['2025-01-06', '2025-01-06']);
  });

  it('first response skips notes, bot and system messages and counts only open hours', async () => {
    const body = JSON.parse((await extras.get(`/api/reports/response-times${q}&teamId=${teamId}`, admin)).text);
    // 600 s (10:00 -> 10:10) and 3600 s (Fri 16:30 -> Mon 09:30 in open hours).
    expect(body.firstResponse).toEqual({ count: 2, medianSec: 2100, p90Sec: 3600 });
    expect(body.resolution).toEqual({ count: 1, medianSec: 7200, p90Sec: 7200 });
  });

  it('sla, csat and agents reports', async () => {
    const sla = JSON.parse((await extras.get(`/api/reports/sla${q}`, admin)).text);
    expect(sla.firstResponse).toEqual({ met: 1, due: 2, attainmentPct: 50 });
    expect(sla.resolution).toEqual({ met: 0, due: 1, attainmentPct: 0 });
    const csat = JSON.parse((await extras.get(`/api/reports/csat${q}`, admin)).text);
    expect(csat).toMatchObject({ responses: 1, average: 4, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } });
    const agents = JSON.parse((await extras.get(`/api/reports/agents${q}`, admin)).text);
    expect(agents.agents).toEqual([expect.objectContaining({ agentId: agent.id, conversations: 2, resolved: 1, medianFirstResponseSec: 2100, medianResolutionSec: 7200, csatAverage: 4, csatResponses: 1 })]);
  });

  it('exports CSV with quoting and formula-injection protection', async () => {
    const res = await extras.get(`/api/reports/agents${q}&format=csv`, admin);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.text.split('\r\n')[1]).toBe(`"Ann, ""the"" agent",${agent.email},2,1,2100,7200,4,1`);
    const vol = await extras.get(`/api/reports/volume${q}&format=csv`, admin);
    expect(vol.text).toContain(",'=cmd|evil,");
  });

  it('the overview shows per team and channel queues, SLA risk and agent load', async () => {
    const d = server.app.ctx.db;
    const now = Date.now();
    await makeConversation(server, { channel: 'webchat', teamId, createdAt: new Date(now - 50 * 60_000) }).then((c) =>
      d.conversation.update({ where: { id: c.id }, data: { queuedAt: new Date(now - 50 * 60_000), firstResponseDueAt: new Date(now + 5 * 60_000) } }));
    const res = await extras.get('/api/supervisor/overview', supervisor.token);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    const team = body.teams.find((t: { id: string }) => t.id === teamId);
    expect(team).toMatchObject({ waiting: 2, inProgress: 1, slaBreached: 1, sla: { atRisk: 1, breached: 1 }, agents: { offline: 2 } });
    expect(team.longestWaitSec).toBeGreaterThanOrEqual(2999);
    expect(team.channels).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'webchat', waiting: 1, slaAtRisk: 1 }), expect.objectContaining({ channel: 'sms', inProgress: 1 }), expect.objectContaining({ channel: 'email', waiting: 1, slaBreached: 1 })]));
    expect(team.members).toEqual(expect.arrayContaining([expect.objectContaining({ id: agent.id, load: 1 })]));
    expect(body.channels.length).toBeGreaterThan(0);
  });
});
