// Seeds a SQLite database for report benchmarks: ~100,000 conversations and ~1,000,000 messages
// over the last 90 days (or `days`), through batched prepared inserts in large transactions (fast), with a
// progress bar on stderr. Report indexes come from the migrations; the stored report metrics are left
// stale, as for new conversations, so the first report (or bench/reports.ts) computes them.
// Usage: tsx scripts/seed-reports.ts [dataDir] [conversations] [days (90)]
import Database from 'better-sqlite3';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrate } from '../server/db/migrate.js';
import { registerSearchFunctions } from '../server/db/sqlite-search-functions.js';
import { databaseTarget } from '../server/db/target.js';

const CHANNELS = ['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack'];
const TYPES = ['sales', 'support', 'complaint', 'billing'];
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00'); // the adapter's stored format

function progress(label: string, done: number, total: number, started: number): void {
  const pct = total ? done / total : 1;
  const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
  const bar = '#'.repeat(Math.round(pct * 30)).padEnd(30, '.');
  process.stderr.write(`\r${label} [${bar}] ${(pct * 100).toFixed(1)}% ${done}/${total} ${Math.round(rate)}/s   `);
  if (done >= total) process.stderr.write('\n');
}

export async function seedReports(dataDir: string, conversations = 100_000, now = Date.now(), days = 90): Promise<{ file: string; conversations: number; messages: number }> {
  const target = databaseTarget({ DATA_DIR: dataDir });
  if (target.provider !== 'sqlite') throw new Error('seed-reports writes SQLite only');
  await migrate(target);
  const db = new Database(path.resolve(target.file));
  db.pragma('journal_mode = WAL');
  registerSearchFunctions(db); // the search triggers on Message/Customer call them
  db.pragma('synchronous = OFF');
  const have = (db.prepare('SELECT COUNT(*) AS n FROM "Conversation"').get() as { n: number }).n;
  if (have >= conversations) {
    const messages = (db.prepare('SELECT COUNT(*) AS n FROM "Message"').get() as { n: number }).n;
    db.close();
    return { file: target.file, conversations: have, messages };
  }
  const t = iso(now);
  db.exec('DELETE FROM "Message"; DELETE FROM "CsatResponse"; DELETE FROM "Conversation"; DELETE FROM "Customer"; DELETE FROM "TeamMember"; DELETE FROM "Team" WHERE "key" LIKE \'bench-%\'; DELETE FROM "User" WHERE "email" LIKE \'bench-agent-%\'; DELETE FROM "Inbox" WHERE "publicToken" LIKE \'bench-%\';');
  const hours = JSON.stringify({ tz: 'Europe/Berlin', days: { 1: [['09:00', '17:00']], 2: [['09:00', '17:00']], 3: [['09:00', '17:00']], 4: [['09:00', '17:00']], 5: [['09:00', '17:00']] } });
  const teams = TYPES.map((k, i) => ({ id: `bench-team-${k}`, key: `bench-${k}`, hours: i % 2 ? hours : null }));
  const insTeam = db.prepare('INSERT INTO "Team" ("id","key","name","businessHours","createdAt","updatedAt") VALUES (?,?,?,?,?,?)');
  for (const tm of teams) insTeam.run(tm.id, tm.key, tm.key, tm.hours, t, t);
  const agents = Array.from({ length: 40 }, (_, i) => `bench-agent-${i}`);
  const insUser = db.prepare('INSERT INTO "User" ("id","email","name","passwordHash","role","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?)');
  const insMember = db.prepare('INSERT INTO "TeamMember" ("userId","teamId") VALUES (?,?)');
  agents.forEach((a, i) => (insUser.run(a, `${a}@bench.test`, `Agent ${i}`, 'x', 'agent', t, t), insMember.run(a, teams[i % teams.length]!.id)));
  const insInbox = db.prepare('INSERT INTO "Inbox" ("id","channel","name","publicToken","createdAt","updatedAt") VALUES (?,?,?,?,?,?)');
  for (const ch of CHANNELS) insInbox.run(`bench-inbox-${ch}`, ch, ch, `bench-${ch}`, t, t);
  const insCustomer = db.prepare('INSERT INTO "Customer" ("id","name","createdAt","updatedAt") VALUES (?,?,?,?)');
  const insConv = db.prepare('INSERT INTO "Conversation" ("id","inboxId","customerId","channel","status","type","priority","teamId","assigneeId","lastMessageAt","createdAt","updatedAt","firstResponseAt","resolvedAt","firstResponseDueAt","resolutionDueAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
  const insMsg = db.prepare('INSERT INTO "Message" ("conversationId","inboxId","direction","authorKind","authorId","body","private","deliveryStatus","createdAt") VALUES (?,?,?,?,?,?,?,?,?)');
  const insCsat = db.prepare('INSERT INTO "CsatResponse" ("id","conversationId","score","agentId","teamId","type","channel","createdAt") VALUES (?,?,?,?,?,?,?,?)');
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let messages = 0;
  const started = Date.now();
  const BATCH = 5000;
  for (let start = 0; start < conversations; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(conversations, start + BATCH); i++) {
        const id = `bc${i}`, ch = CHANNELS[i % CHANNELS.length]!, type = TYPES[Math.floor(rnd() * 4)]!;
        const team = teams[TYPES.indexOf(type)]!, agent = agents[Math.floor(rnd() * agents.length)]!;
        const created = now - Math.floor(rnd() * days * DAY);
        const frt = created + Math.floor(rnd() * 4 * 3_600_000);
        // 80% resolved, and all but the last three days' (a year-old conversation is not still open).
        const resolved = rnd() < 0.8 || created < now - 3 * DAY ? frt + Math.floor(rnd() * 2 * DAY) : null;
        insCustomer.run(`bcu${i}`, `Customer ${i}`, iso(created), iso(created));
        insConv.run(id, `bench-inbox-${ch}`, `bcu${i}`, ch, resolved ? 'resolved' : 'open', type, 1, team.id, agent, iso(frt), iso(created), iso(created), iso(frt), resolved ? iso(resolved) : null, iso(created + 3_600_000), iso(created + DAY));
        // Ten messages: customer, bot greeting, private note, first public reply, then a mix.
        const rows: [string, string, string | null, number, number][] = [['in', 'customer', null, 0, created], ['out', 'bot', null, 0, created + 1000], ['out', 'agent', agent, 1, frt - 60_000], ['out', 'agent', agent, 0, frt]];
        for (let k = 4; k < 10; k++) rows.push(k % 2 ? ['out', 'agent', agent, 0, frt + k * 60_000] : ['in', 'customer', null, 0, frt + k * 60_000]);
        for (const [dir, kind, author, priv, at] of rows) insMsg.run(id, `bench-inbox-${ch}`, dir, kind, author, 'Lorem ipsum dolor sit amet', priv, 'delivered', iso(at));
        messages += rows.length;
        if (resolved && rnd() < 0.3) insCsat.run(`bcs${i}`, id, 1 + Math.floor(rnd() * 5), agent, team.id, type, ch, iso(resolved + 60_000));
      }
    })();
    progress('seeding', Math.min(conversations, start + BATCH), conversations, started);
  }
  db.exec('ANALYZE');
  db.close();
  return { file: target.file, conversations, messages };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ?? './data/bench-reports';
  const n = Number(process.argv[3] ?? 100_000);
  const started = Date.now();
  const r = await seedReports(dir, n, Date.now(), Number(process.argv[4] ?? 90));
  process.stderr.write(`seeded ${r.conversations} conversations, ${r.messages} messages into ${r.file} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
