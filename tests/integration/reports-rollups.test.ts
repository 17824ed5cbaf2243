// Report roll-ups: for a randomised dataset, and again after resolves, reopens, reassignments, CSAT
// votes, deletes and a business-hours change, every report read from the day roll-ups (plus raw
// partial edges) equals the full recomputation from raw rows, and the overview's CSAT counter
// equals an aggregate over every response. SQLite always, PostgreSQL when configured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/client.js';
import { buildOverview } from '../../server/reports/overview.js';
import { parseReportQuery, type ReportFilter } from '../../server/reports/query.js';
import { daysToBuild } from '../../server/reports/rollup-fresh.js';
import { ReportService } from '../../server/reports/service.js';
import { dialectOf } from '../../server/reports/sql.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.parse('2025-03-01T00:00:00Z');
const CHANNELS = ['webchat', 'email', 'sms'];
const TYPES = ['sales', 'support', 'complaint', null];
const OPEN: [string, string][] = [['09:00', '17:00']];
const HOURS = { tz: 'Europe/Berlin', days: { '1': OPEN, '2': OPEN, '3': OPEN, '4': OPEN, '5': OPEN } };

describe.each(databases())('%s', { timeout: 120_000 }, (kind) => {
  let server: TestServer;
  let db: Db;
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const teams: (string | null)[] = [null];
  const agents: (string | null)[] = [null];

  beforeAll(async () => {
    // No background builds: they run at the real time, while these reports pick their own `now`.
    server = await startTestServer(kind, {}, { rollupCatchUp: false });
    db = server.app.ctx.db;
    // The routing sweep would route these conversations between the two reads being compared.
    await server.app.ctx.routing.stop();
    for (const [i, hours] of [null, HOURS, null].entries()) teams.push((await db.team.create({ data: { key: `r${i}-${Date.now()}`, name: `Team ${i}`, ...(hours ? { businessHours: hours } : {}) } })).id);
    for (let i = 0; i < 5; i++) agents.push((await db.user.create({ data: { email: `rollup${i}@test.local`, name: `Agent ${i}`, passwordHash: 'x', role: 'agent' } })).id);
    const inbox = await db.inbox.create({ data: { channel: 'webchat', name: 'w', publicToken: `rollup-${Date.now()}` } });
    const customer = await db.customer.create({ data: { name: 'C' } });
    for (let i = 0; i < 400; i++) {
      const created = START + Math.floor(rnd() * 40 * DAY);
      const answered = rnd() < 0.75 ? created + Math.floor(rnd() * 6 * HOUR) : null;
      const resolved = answered && rnd() < 0.7 ? answered + Math.floor(rnd() * 3 * DAY) : null;
      await db.conversation.create({
        data: {
          inboxId: inbox.id, customerId: customer.id, channel: pick(CHANNELS), type: pick(TYPES), teamId: pick(teams), assigneeId: pick(agents),
          status: resolved ? 'resolved' : 'open', createdAt: new Date(created), firstResponseAt: answered ? new Date(answered) : null, resolvedAt: resolved ? new Date(resolved) : null,
          firstResponseDueAt: rnd() < 0.8 ? new Date(created + Math.floor(rnd() * 4 * HOUR)) : null, resolutionDueAt: rnd() < 0.8 ? new Date(created + Math.floor(rnd() * 4 * DAY)) : null,
        },
      });
    }
    await vote(0.5);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** CSAT on a share of the resolved conversations that have none, rated shortly after the resolve. */
  async function vote(share: number): Promise<void> {
    const resolved = await db.conversation.findMany({ where: { resolvedAt: { not: null }, csat: null }, select: { id: true, resolvedAt: true, assigneeId: true, teamId: true, channel: true, type: true } });
    for (const c of resolved) {
      if (rnd() >= share) continue;
      await db.csatResponse.create({ data: { conversationId: c.id, score: 1 + Math.floor(rnd() * 5), agentId: c.assigneeId, teamId: c.teamId, channel: c.channel, type: c.type, createdAt: new Date(c.resolvedAt!.getTime() + Math.floor(rnd() * 2 * HOUR)) } });
    }
  }

  const filters = (): ReportFilter[] => [
    parseReportQuery({ from: '2025-03-01', to: '2025-04-15' }),
    parseReportQuery({ from: '2025-03-03T07:30:00Z', to: '2025-03-29T16:45:00Z' }),
    parseReportQuery({ from: '2025-03-10T12:00:00Z', to: '2025-03-10T20:00:00Z' }),
    parseReportQuery({ from: '2025-02-20', to: '2025-04-20', interval: 'week' }),
    parseReportQuery({ from: '2025-03-05', to: '2025-03-08T06:00:00Z', interval: 'hour' }),
    ...teams.filter((t): t is string => t !== null).map((teamId) => parseReportQuery({ from: '2025-03-02T05:00:00Z', to: '2025-04-02', teamId })),
  ];

  async function expectEqual(now: Date): Promise<void> {
    // Roll-ups read on the client (ROW_NUMBER ranks) and through ctx.reads (SQLite: the worker's sb_ranks).
    const rolledBoth = [new ReportService(db, dialectOf(db)), new ReportService(db, dialectOf(db), { reader: server.app.ctx.reads })];
    const raw = new ReportService(db, dialectOf(db), { rollups: false });
    for (const [f, rolled] of filters().flatMap((f) => rolledBoth.map((r) => [f, r] as const))) {
      const label = `${f.from.toISOString()}..${f.to.toISOString()} ${f.interval} ${f.teamId ?? ''}`;
      expect((await rolled.volume(f)).body, `volume ${label}`).toEqual((await raw.volume(f)).body);
      expect((await rolled.responseTimes(f)).body, `response-times ${label}`).toEqual((await raw.responseTimes(f)).body);
      expect((await rolled.sla(f, now)).body, `sla ${label}`).toEqual((await raw.sla(f, now)).body);
      expect((await rolled.csat(f)).body, `csat ${label}`).toEqual((await raw.csat(f)).body);
      expect((await rolled.agents(f)).body, `agents ${label}`).toEqual((await raw.agents(f)).body);
    }
  }

  async function expectOverviewCsat(): Promise<void> {
    const all = await db.csatResponse.aggregate({ _sum: { score: true }, _count: { _all: true } });
    const { csat } = await buildOverview(db);
    expect(csat.responses).toBe(all._count._all);
    expect(csat.average).toBe(all._count._all ? all._sum.score! / all._count._all : null);
  }

  it('reports from roll-ups equal the raw recomputation, with SLA timers still running at several moments', async () => {
    const total = (await new ReportService(db, dialectOf(db), { rollups: false }).volume(filters()[0]!)).body.totals.conversations;
    expect(total).toBe(400);
    for (const now of ['2025-03-20T10:00:00Z', '2025-03-20T13:30:00Z', '2025-04-30T00:00:00Z']) await expectEqual(new Date(now));
    // The roll-ups were really read: built days and nothing left in the change log for them.
    expect(await db.reportDay.count()).toBeGreaterThan(40);
    expect(await daysToBuild(db, new Date('2025-04-30T00:00:00Z'), '2025-03-01', '2025-04-15')).toEqual([]);
    await expectOverviewCsat();
  });

  it('stay equal after resolves, reopens, reassignments, CSAT, deletes and an hours change', async () => {
    const ids = (await db.conversation.findMany({ select: { id: true, createdAt: true }, orderBy: { id: 'asc' } }));
    for (const c of ids) {
      const r = rnd();
      const at = new Date(c.createdAt.getTime() + Math.floor(rnd() * 2 * DAY));
      if (r < 0.1) await db.conversation.update({ where: { id: c.id }, data: { status: 'resolved', resolvedAt: at, firstResponseAt: at } });
      else if (r < 0.2) await db.conversation.update({ where: { id: c.id }, data: { status: 'open', resolvedAt: null } });
      else if (r < 0.3) await db.conversation.update({ where: { id: c.id }, data: { assigneeId: pick(agents), teamId: pick(teams) } });
      else if (r < 0.35) await db.conversation.update({ where: { id: c.id }, data: { createdAt: new Date(c.createdAt.getTime() + 3 * DAY), type: pick(TYPES), channel: pick(CHANNELS) } });
      else if (r < 0.4) await db.conversation.delete({ where: { id: c.id } });
    }
    const someCsat = await db.csatResponse.findMany({ take: 10, orderBy: { id: 'asc' } });
    for (const [i, s] of someCsat.entries()) {
      if (i % 2) await db.csatResponse.delete({ where: { id: s.id } });
      else await db.csatResponse.update({ where: { id: s.id }, data: { score: 1 + ((s.score + 1) % 5), agentId: pick(agents) } });
    }
    await vote(0.3);
    await db.team.update({ where: { id: teams[1]! }, data: { businessHours: HOURS } });
    await db.team.update({ where: { id: teams[2]! }, data: { businessHours: { tz: 'UTC', days: { '1': OPEN, '3': OPEN } } } });
    for (const now of ['2025-03-25T08:00:00Z', '2025-05-01T00:00:00Z']) await expectEqual(new Date(now));
    await expectOverviewCsat();
  });

  it('a late event on an old day is picked up: a reply to a month-old conversation changes that day', async () => {
    const f = parseReportQuery({ from: '2025-03-01', to: '2025-04-15' });
    const service = new ReportService(db, dialectOf(db));
    const before = (await service.responseTimes(f)).body.firstResponse.count;
    const old = await db.conversation.findFirstOrThrow({ where: { firstResponseAt: null, createdAt: { gte: f.from, lt: f.to } } });
    await db.conversation.update({ where: { id: old.id }, data: { firstResponseAt: new Date(old.createdAt.getTime() + HOUR) } });
    expect((await daysToBuild(db, new Date(), '2025-03-01', '2025-04-15')).length).toBeGreaterThan(0);
    expect((await service.responseTimes(f)).body.firstResponse.count).toBe(before + 1);
  });

  it('chat messages on an open conversation (the hot path) log no roll-up change', async () => {
    const inboxId = (await db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
    const visitor = `v${Date.now()}`;
    const chat = (text: string) => server.app.ctx.ingest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: visitor, verified: true }, text, clientMessageId: `c${Math.random()}` });
    const first = await chat('hello');
    const { _max } = await db.reportDayChange.aggregate({ _max: { id: true } });
    for (let i = 0; i < 5; i++) expect((await chat(`more ${i}`)).conversationId).toBe(first.conversationId);
    expect(await db.reportDayChange.count({ where: { id: { gt: _max.id ?? 0 } } })).toBe(0);
  });
});
