// Seeds a year of a contact center (issue 19's shape, sized by --scale) through the real schema: the
// product's own start applies the migrations and first-start setup, then the history goes in as
// bulk rows, with every denormalised column (lastMessageAt, stored report metrics) matching the rows.
// Reproducible: one seeded PRNG, fixed ids, times relative to a fixed day.
//   tsx bench/volume/seed.ts --scale 0.01 --data-dir .tmp/v   (SQLite)
//   tsx bench/volume/seed.ts --scale 1 --pg postgresql://...  (a fresh schema)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { hashPassword } from '../../server/auth/password.js';
import { seededRandom } from '../random.js';
import { shapeAt, type Shape } from './shape.js';
import { postgresSink, sqliteSink, type Sink, type Value } from './sink.js';
import { Progress } from './progress.js';
import { words } from './words.js';
import { END, id, planConversations, writeHistory, type Channel } from './history.js';

export const VOLUME_ADMIN = { email: 'volume-admin@example.com', password: 'volume-admin-password' };
export const AGENT_PASSWORD = 'volume-agent-password';
export const VOLUME_SECRET = 'volume-bench-secret-key-0123456789abcdef';
const DAY = 86_400_000;

export interface Manifest {
  scale: number;
  shape: Shape;
  database: { provider: 'sqlite'; dataDir: string } | { provider: 'postgresql'; url: string };
  admin: typeof VOLUME_ADMIN;
  agents: { email: string; password: string }[];
  webchatInboxId: string;
  inboxToken: string;
  secretKey: string;
  bigConversations: { messages: number; id: string }[];
  /** Customers with web chat history: their visitor ids, for returning widget connects. */
  visitors: { visitorId: string; customerId: string }[];
  customers: { id: string; name: string; email: string | null }[];
  teams: { id: string; key: string }[];
  seededAt: string;
  seedSeconds: number;
}

const KIND_OF: Record<Channel, string> = { webchat: 'visitor', email: 'email', sms: 'phone', whatsapp: 'phone', slack: 'slack' };

export interface SeedOptions { scale: number; dataDir?: string; pgUrl?: string }

export async function seedVolume(opts: SeedOptions): Promise<Manifest> {
  const started = Date.now();
  const shape = shapeAt(opts.scale);
  const rand = seededRandom(19_000 + Math.round(opts.scale * 1000));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

  // The product's own first start: migrations, teams, SLA policies, the web chat inbox, the admin.
  const dataDir = opts.dataDir ?? path.resolve('.tmp/volume-pg-scratch');
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({
    PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_EMAIL: VOLUME_ADMIN.email, ADMIN_PASSWORD: VOLUME_ADMIN.password, SECRET_KEY: VOLUME_SECRET,
    ...(opts.pgUrl ? { DATABASE_URL: opts.pgUrl } : {}),
  });
  const app = await createApp(config, { log: createLogger('warn'), print: () => undefined });
  const db = app.ctx.db;
  const teams = await db.team.findMany({ select: { id: true, key: true } });
  const webchat = await db.inbox.findFirstOrThrow({ where: { channel: 'webchat' }, select: { id: true, publicToken: true } });
  await app.close();
  const teamId = (key: string) => teams.find((t) => t.key === key)!.id;

  let sink: Sink;
  if (opts.pgUrl) {
    const u = new URL(opts.pgUrl);
    const schema = u.searchParams.get('schema') ?? 'public';
    u.searchParams.delete('schema');
    sink = await postgresSink(u.toString(), schema);
  } else {
    sink = sqliteSink(path.join(dataDir, 'switchboard.db'));
  }
  const total = shape.customers * 2 + shape.conversations + shape.messages + shape.routingEvents + shape.csat + shape.articles + shape.agents * 2 + 4;
  const progress = new Progress(total);
  const at = (ms: number) => new Date(ms);

  // Inboxes of the other channels, disabled: their history is what matters, not live mailboxes.
  const inboxOf: Record<Channel, string> = { webchat: webchat.id, email: id('ib', 1), sms: id('ib', 2), whatsapp: id('ib', 3), slack: id('ib', 4) };
  const created = at(END - 400 * DAY);
  await sink.insert('Inbox', ['id', 'channel', 'name', 'publicToken', 'settings', 'language', 'enabled', 'createdAt', 'updatedAt'],
    (['email', 'sms', 'whatsapp', 'slack'] as const).map((c, i) => [inboxOf[c], c, `Volume ${c}`, `vol_${c}_${i}`, '{}', 'en', false, created, created]), (n) => progress.add(n, 'inboxes'));

  // Agents: one shared password hash (a bench, not a vault); each in one or two teams.
  const hash = await hashPassword(AGENT_PASSWORD);
  const agents = Array.from({ length: shape.agents }, (_, i) => ({ id: id('us', i), email: `agent${i}@volume.example.com`, team: teams[i % 4]!.id }));
  await sink.insert('User', ['id', 'email', 'name', 'passwordHash', 'role', 'createdAt', 'updatedAt'], agents.map((a, i) => [a.id, a.email, `Agent ${i}`, hash, 'agent', created, created]), (n) => progress.add(n, 'agents'));
  await sink.insert('TeamMember', ['userId', 'teamId'], agents.map((a) => [a.id, a.team]), (n) => progress.add(n, 'agents'));

  // Customers: half web chat visitors, a quarter email, the rest phone and Slack.
  const channelOf: Channel[] = [];
  const customers: { id: string; name: string; email: string | null }[] = [];
  function* customerRows(): Generator<Value[]> {
    for (let i = 0; i < shape.customers; i++) {
      const r = rand();
      // The two big conversations belong to the first customers: web chat visitors.
      const channel: Channel = i < shape.bigConversations.length || r < 0.5 ? 'webchat' : r < 0.75 ? 'email' : r < 0.87 ? 'sms' : r < 0.95 ? 'whatsapp' : 'slack';
      channelOf.push(channel);
      const name = `${pick(words.first)} ${pick(words.last)}`;
      const email = channel === 'email' || rand() < 0.3 ? `${name.toLowerCase().replace(' ', '.')}.${i}@example.com` : null;
      const phone = channel === 'sms' || channel === 'whatsapp' ? `+1555${String(i).padStart(7, '0')}` : null;
      customers.push({ id: id('cu', i), name, email });
      const t = at(END - shape.days * DAY * rand());
      yield [id('cu', i), name, email, phone, t, t];
    }
  }
  await sink.insert('Customer', ['id', 'name', 'email', 'phone', 'createdAt', 'updatedAt'], customerRows(), (n) => progress.add(n, 'customers'));
  const identityValue = (i: number) => {
    const c = channelOf[i]!;
    return c === 'webchat' ? `visitor-${i}` : c === 'email' ? customers[i]!.email! : c === 'slack' ? `T0VOL:U${i}` : `+1555${String(i).padStart(7, '0')}`;
  };
  await sink.insert('CustomerIdentity', ['id', 'customerId', 'kind', 'value', 'verified', 'createdAt'],
    (function* () { for (let i = 0; i < shape.customers; i++) yield [id('ci', i), id('cu', i), KIND_OF[channelOf[i]!], identityValue(i), channelOf[i] !== 'webchat', created]; })(), (n) => progress.add(n, 'identities'));

  const convs = planConversations(shape, channelOf, agents.map((a) => a.id), teamId, rand);
  await writeHistory(sink, shape, convs, inboxOf, agents.map((a) => a.id), progress, rand);
  await sink.close();
  progress.end();

  const visitors = convs.filter((c) => c.channel === 'webchat').slice(-2000).map((c) => ({ visitorId: `visitor-${c.customer}`, customerId: id('cu', c.customer) }));
  const manifest: Manifest = {
    scale: opts.scale, shape,
    database: opts.pgUrl ? { provider: 'postgresql', url: opts.pgUrl } : { provider: 'sqlite', dataDir },
    admin: VOLUME_ADMIN, agents: agents.map((a) => ({ email: a.email, password: AGENT_PASSWORD })),
    webchatInboxId: webchat.id, inboxToken: webchat.publicToken, secretKey: VOLUME_SECRET,
    bigConversations: shape.bigConversations.map((messages, k) => ({ messages, id: id('co', k) })),
    visitors: [...new Map(visitors.map((v) => [v.visitorId, v])).values()].slice(0, 500),
    customers: customers.filter((_, i) => i % Math.max(1, Math.floor(shape.customers / 500)) === 0).slice(0, 500),
    teams, seededAt: new Date().toISOString(), seedSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(path.join(dataDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scale = Number(arg('scale') ?? '1');
  const manifest = await seedVolume({ scale, dataDir: path.resolve(arg('data-dir') ?? `.tmp/volume-seed-${scale}`), pgUrl: arg('pg') });
  console.log(JSON.stringify({ scale, seedSeconds: manifest.seedSeconds, database: manifest.database }));
}
