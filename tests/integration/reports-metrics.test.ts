// Stored report metrics: firstResponseAt as ingest/replies keep it, the per-conversation durations
// the reports aggregate (kept current by database triggers), and the overview's SQL SLA counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstResponseAt } from '../../server/reports/first-response.js';
import { openMs, openSeconds } from '../../server/reports/open-time.js';
import { AT_RISK_SHARE, RUNNING, buildOverview, slaState } from '../../server/reports/overview.js';
import { timersRun } from '../../server/routing/sla.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { CSAT_ENV, makeConversation } from '../unit/reports/harness.js';

const DAY: [string, string][] = [['09:00', '17:00']];
const HOURS = { tz: 'UTC', days: { '1': DAY, '2': DAY, '3': DAY, '4': DAY, '5': DAY } as Record<string, [string, string][]> };
const WEEKDAYS = HOURS;

describe.each(databases())('%s', (kind) => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer(kind, CSAT_ENV);
    admin = await server.login();
  });
  afterAll(async () => {
    await server?.close();
  });
  const db = () => server.app.ctx.db;
  const report = async (route: string) => (await server.api<Record<string, any>>('GET', `/api/reports/${route}`, { token: admin })).body;

  it('stores firstResponseAt at the first public agent reply: notes, bot and system messages do not set it', async () => {
    const c = await makeConversation(server, { channel: 'email', createdAt: new Date() });
    const at = (kind: string, extra: object = {}) => db().message.create({ data: { conversationId: c.id, inboxId: c.inboxId, direction: kind === 'customer' ? 'in' : 'out', authorKind: kind, body: 'x', ...extra } });
    await at('customer');
    await at('bot');
    await at('system');
    const note = await server.api('POST', `/api/conversations/${c.id}/messages`, { token: admin, body: { body: 'internal', private: true } });
    expect(note.status).toBe(201);
    expect((await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).firstResponseAt).toBeNull();
    const reply = await server.api<{ id: number }>('POST', `/api/conversations/${c.id}/messages`, { token: admin, body: { body: 'hello' } });
    await server.api('POST', `/api/conversations/${c.id}/messages`, { token: admin, body: { body: 'again' } });
    const stored = (await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).firstResponseAt;
    const first = await db().message.findUniqueOrThrow({ where: { id: reply.body.id } });
    expect(stored).toEqual(first.createdAt);
    expect(stored).toEqual(firstResponseAt(await db().message.findMany({ where: { conversationId: c.id } })));
  });

  it('recomputes stored durations when an input or the team hours change, in open hours', async () => {
    const team = await db().team.create({ data: { key: `m${Date.now()}`, name: 'Metrics', businessHours: WEEKDAYS } });
    const created = new Date('2024-03-08T16:30:00Z'); // a Friday: answered Monday 09:30, resolved Monday 11:00
    const c = await makeConversation(server, { channel: 'sms', teamId: team.id, createdAt: created });
    const q = `?from=2024-03-01&to=2024-03-31&teamId=${team.id}`;
    expect((await report(`response-times${q}`)).firstResponse).toEqual({ count: 0, medianSec: null, p90Sec: null });
    await db().conversation.update({ where: { id: c.id }, data: { firstResponseAt: new Date('2024-03-11T09:30:00Z'), resolvedAt: new Date('2024-03-11T11:00:00Z'), status: 'resolved' } });
    let body = await report(`response-times${q}`);
    expect(body.firstResponse).toEqual({ count: 1, medianSec: 3600, p90Sec: 3600 });
    expect(body.resolution).toEqual({ count: 1, medianSec: 9000, p90Sec: 9000 });
    const row = await db().$queryRawUnsafe<{ fr: unknown }[]>(`SELECT "firstResponseMs" AS "fr" FROM "Conversation" WHERE "id" = '${c.id}'`);
    expect(Number(row[0]!.fr)).toBe(openMs(created.getTime(), Date.parse('2024-03-11T09:30:00Z'), HOURS));
    // Always open now: every second counts.
    await db().team.update({ where: { id: team.id }, data: { businessHours: { tz: 'UTC', days: { '0': [['00:00', '24:00']], '1': [['00:00', '24:00']], '2': [['00:00', '24:00']], '3': [['00:00', '24:00']], '4': [['00:00', '24:00']], '5': [['00:00', '24:00']], '6': [['00:00', '24:00']] } } } });
    body = await report(`response-times${q}`);
    expect(body.firstResponse.medianSec).toBe(openSeconds(created.getTime(), Date.parse('2024-03-11T09:30:00Z'), null));
    // Reopened: no resolution any more; the agents report agrees.
    await db().conversation.update({ where: { id: c.id }, data: { resolvedAt: null, status: 'open', assigneeId: (await db().user.findFirstOrThrow()).id } });
    expect((await report(`response-times${q}`)).resolution.count).toBe(0);
    expect((await report(`agents${q}`)).agents[0]).toMatchObject({ conversations: 1, resolved: 0, medianResolutionSec: null, medianFirstResponseSec: body.firstResponse.medianSec });
  });

  it('counts overview SLA states in SQL exactly as slaState does, edges included', async () => {
    for (const s of ['open', 'pending', 'snoozed', 'resolved']) expect(RUNNING.includes(s as never), s).toBe(timersRun(s));
    const team = await db().team.create({ data: { key: `o${Date.now()}`, name: 'Overview' } });
    const now = Date.parse('2030-01-01T12:00:00.000Z');
    const created = new Date(now - 3_600_000);
    const window = (leftMs: number) => new Date(now + leftMs); // due `leftMs` after now, window = 1 h + leftMs
    const cases: { status: string; fr?: Date; frDue?: Date; resDue?: Date; channel: string }[] = [
      { status: 'open', frDue: window(0), channel: 'email' }, // due exactly now: breached
      { status: 'open', frDue: window(1), channel: 'email' },
      { status: 'open', frDue: window(900_000), channel: 'sms' }, // 15 of 75 minutes left: exactly 20 %
      { status: 'open', frDue: window(900_001), channel: 'sms' },
      { status: 'snoozed', resDue: window(-1), channel: 'sms' },
      { status: 'pending', frDue: window(-60_000), channel: 'webchat' }, // paused, yet a legacy first-response breach
      { status: 'open', fr: created, frDue: window(-60_000), resDue: window(3_600_000), channel: 'webchat' },
      { status: 'open', fr: created, frDue: window(-60_000), resDue: window(800_000), channel: 'slack' },
    ];
    const ids: string[] = [];
    for (const k of cases) {
      const c = await makeConversation(server, { channel: k.channel, teamId: team.id, createdAt: created, status: k.status });
      await db().conversation.update({ where: { id: c.id }, data: { firstResponseAt: k.fr ?? null, firstResponseDueAt: k.frDue ?? null, resolutionDueAt: k.resDue ?? null, assigneeId: null } });
      ids.push(c.id);
    }
    const rows = await db().conversation.findMany({ where: { id: { in: ids } } });
    const expected = new Map<string, { slaAtRisk: number; slaBreached: number }>();
    for (const r of rows) {
      const e = expected.get(r.channel) ?? { slaAtRisk: 0, slaBreached: 0 };
      const s = slaState(r, now);
      if (s === 'breached') e.slaBreached++;
      if (s === 'at_risk') e.slaAtRisk++;
      expected.set(r.channel, e);
    }
    expect(AT_RISK_SHARE).toBe(0.2);
    const t = (await buildOverview(db(), now)).teams.find((x) => x.id === team.id)!;
    for (const [channel, e] of expected) expect(t.channels.find((x) => x.channel === channel), channel).toMatchObject(e);
    expect(t.sla).toEqual({ atRisk: 3, breached: 2 });
    expect(t.slaBreached).toBe(1); // legacy count: the one due exactly now is not past due; the paused one is
  });
});
