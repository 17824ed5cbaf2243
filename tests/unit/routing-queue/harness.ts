// A routing service over a real, fresh SQLite database with a fake clock and no HTTP server:
// teams and SLA policies as on first start, helpers to add agents and conversations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../../server/db/client.js';
import { migrate } from '../../../server/db/migrate.js';
import { databaseTarget } from '../../../server/db/target.js';
import pg from 'pg';
import { postgresUrl, type DbKind } from '../../helpers/server.js';
import { DomainBus, type DomainEvents } from '../../../server/domain/events.js';
import { createLogger } from '../../../server/log.js';
import { PresenceService } from '../../../server/presence.js';
import { RoutingService } from '../../../server/routing/router.js';

export const T0 = Date.parse('2026-03-02T10:00:00Z'); // a Monday

const TEAMS = [['sales', 'Sales'], ['support', 'Tech Support'], ['care', 'Customer Care'], ['finance', 'Finance'], ['triage', 'Triage']] as const;
const SLAS = [
  { priority: 0, firstResponseSec: 8 * 3600, nextResponseSec: 8 * 3600, resolutionSec: 5 * 86400 },
  { priority: 1, firstResponseSec: 3600, nextResponseSec: 4 * 3600, resolutionSec: 2 * 86400 },
  { priority: 2, firstResponseSec: 900, nextResponseSec: 3600, resolutionSec: 86400 },
  { priority: 3, firstResponseSec: 300, nextResponseSec: 900, resolutionSec: 4 * 3600 },
];

export interface Harness {
  db: Db;
  bus: DomainBus;
  routing: RoutingService;
  presence: PresenceService;
  clock: { now: number };
  teams: Record<(typeof TEAMS)[number][0], string>;
  inboxId: string;
  events: { name: string; payload: unknown }[];
  errors: unknown[];
  /** Advances the fake clock by seconds. */
  advance(sec: number): void;
  agent(name: string, teamKeys: string[], opts?: { capacity?: Record<string, number>; online?: boolean }): Promise<string>;
  /** A conversation already routed to a team and waiting (queued at `queuedAt`). */
  waiting(teamKey: string, opts?: { channel?: string; priority?: number; queuedAt?: number; text?: string }): Promise<string>;
  /** A brand-new conversation as ingest leaves it, then conversation.created. */
  incoming(text: string, opts?: { channel?: string }): Promise<string>;
  /** Waits until every routing handler started so far has finished. */
  settle(): Promise<void>;
  close(): Promise<void>;
  /** Another node: a second RoutingService over the same database. */
  secondNode(): Promise<RoutingService>;
}

let n = 0;

export async function startHarness(opts: { start?: number; kind?: DbKind } = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'routing-unit-'));
  let schema: string | undefined;
  let target = databaseTarget({ DATABASE_URL: `file:${path.join(dir, 'test.db')}` });
  if (opts.kind === 'postgres') {
    // A fresh schema per harness, as the integration helper does.
    schema = `r_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const u = new URL(postgresUrl()!);
    u.searchParams.set('schema', schema);
    target = databaseTarget({ DATABASE_URL: u.toString() });
  }
  await migrate(target);
  const db = await openDatabase(target);
  const errors: unknown[] = [];
  const events: { name: string; payload: unknown }[] = [];
  const bus = new DomainBus((_e, err) => errors.push(err));
  for (const name of ['conversation.updated', 'message.created'] as const) bus.on(name, (p: DomainEvents[typeof name]) => void events.push({ name, payload: p }));
  const clock = { now: opts.start ?? T0 };
  const log = createLogger('silent');
  const teams = {} as Harness['teams'];
  for (const [key, name] of TEAMS) teams[key] = (await db.team.create({ data: { key, name } })).id;
  for (const sla of SLAS) await db.slaPolicy.create({ data: sla });
  const inboxId = (await db.inbox.create({ data: { channel: 'webchat', name: 'Web', publicToken: `web_${Math.random()}` } })).id;
  const routing = new RoutingService(db, bus, log, { now: () => clock.now, tickMs: 0 });
  const presence = new PresenceService(db, bus, 10);
  routing.listen();
  await routing.start();
  const extra: RoutingService[] = [];
  const extraDbs: Db[] = [];

  async function customerConversation(channel: string, data: Record<string, unknown>, text: string) {
    n += 1;
    const customer = await db.customer.create({ data: { name: `Customer ${n}` } });
    const c = await db.conversation.create({ data: { inboxId, customerId: customer.id, channel, createdAt: new Date(clock.now), lastMessageAt: new Date(clock.now), lastCustomerMessageAt: new Date(clock.now), ...data } });
    await db.message.create({ data: { conversationId: c.id, inboxId, direction: 'in', authorKind: 'customer', body: text } });
    return c.id;
  }

  const h: Harness = {
    db, bus, routing, presence, clock, teams, inboxId, events, errors,
    advance(sec) {
      clock.now += sec * 1000;
    },
    async agent(name, teamKeys, o = {}) {
      const user = await db.user.create({
        data: {
          email: `${name}-${Math.random().toString(36).slice(2)}@t.local`, name, passwordHash: 'x', presence: 'offline',
          ...(o.capacity ? { capacity: o.capacity } : {}), teams: { create: teamKeys.map((k) => ({ teamId: teams[k as keyof typeof teams] })) },
        },
      });
      if (o.online !== false) await presence.set(user.id, 'online');
      else await routing.reloadAgent(user.id);
      await h.settle();
      return user.id;
    },
    async waiting(teamKey, o = {}) {
      const id = await customerConversation(o.channel ?? 'webchat', { teamId: teams[teamKey as keyof typeof teams], priority: o.priority ?? 1, type: 'sales', queuedAt: new Date(o.queuedAt ?? clock.now), firstResponseDueAt: new Date(clock.now + 3600_000), resolutionDueAt: new Date(clock.now + 2 * 86400_000) }, o.text ?? 'hello');
      bus.emit('conversation.updated', { conversationId: id, change: 'routing' });
      await h.settle();
      return id;
    },
    async incoming(text, o = {}) {
      const id = await customerConversation(o.channel ?? 'webchat', {}, text);
      bus.emit('conversation.created', { conversationId: id });
      await h.settle();
      return id;
    },
    async settle() {
      // Handlers emit further events (an assignment emits conversation.updated): settle until quiet.
      for (let i = 0; i < 5; i++) {
        await Promise.all([routing.settled(), ...extra.map((r) => r.settled())]);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async close() {
      presence.stop();
      await Promise.all([routing.stop(), ...extra.map((r) => r.stop())]);
      await Promise.all([db, ...extraDbs].map((d) => d.$disconnect()));
      rmSync(dir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: postgresUrl() });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
    },
    async secondNode() {
      const otherDb = await openDatabase(target);
      extraDbs.push(otherDb);
      const other = new RoutingService(otherDb, new DomainBus((_e, err) => errors.push(err)), log, { now: () => clock.now, tickMs: 0 });
      await other.start();
      extra.push(other);
      return other;
    },
  };
  return h;
}
