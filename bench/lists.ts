// Console lists and conversation open at volume (#19): seeds (or reuses) ~1M messages (bench/lists/
// seed.ts), then times every console list (first page and a page 5 deep by cursor), the customer
// list, and opening a conversation of 5,000 messages (newest 50, then one older page), through the
// services the routes call. Table + one JSON line. Goals: lists p95 < 100 ms, open p95 < 50 ms.
// Env: DATABASE_URL (PostgreSQL; default SQLite in BENCH_DATA_DIR=./data/bench-lists),
// BENCH_CONVERSATIONS (200000, ~5 messages each), BENCH_RUNS (30).
import { loadavg } from 'node:os';
import { ConversationService } from '../server/conversations/service.js';
import { listSql, type ListFilter } from '../server/conversations/list-query.js';
import { customerListSql, listCustomers } from '../server/customers/list.js';
import { openDatabase } from '../server/db/client.js';
import { decodeCursor } from '../server/db/keyset.js';
import { databaseTarget } from '../server/db/target.js';
import { DomainBus } from '../server/domain/events.js';
import { LONG_CONVERSATION, seedLists } from './lists/seed.js';

const N = Number(process.env.BENCH_CONVERSATIONS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const target = databaseTarget({ DATA_DIR: process.env.BENCH_DATA_DIR ?? './data/bench-lists', DATABASE_URL: process.env.DATABASE_URL });
const pctl = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;

const loadBefore = loadavg().map((l) => l.toFixed(2)).join(', ');
const seedStarted = performance.now();
const seeded = await seedLists(target, N);
const seedMs = Math.round(performance.now() - seedStarted);
const db = await openDatabase(target);
const service = new ConversationService(db, new DomainBus(() => undefined), 5000, () => undefined);
const agent = 'bl-agent-7', team = 'bl-team-billing', customer = 'bl-cu123';

const lists: [string, Omit<ListFilter, 'limit'>][] = [
  ['open (default)', { status: 'open' }],
  ['all', { status: 'all' }],
  ['mine open', { status: 'open', assigneeId: agent }],
  ['mine all', { status: 'all', assigneeId: agent }],
  ['unassigned open', { status: 'open', assigneeId: null }],
  ['team open', { status: 'open', teamId: team }],
  ['pending', { status: 'pending' }],
  ['snoozed sms', { status: 'snoozed', channel: 'sms' }],
  ['resolved sms', { status: 'resolved', channel: 'sms' }],
  ['resolved email team', { status: 'resolved', channel: 'email', teamId: team }],
  ['resolved oldest', { status: 'resolved', sort: 'oldest' }],
  ['all slack', { status: 'all', channel: 'slack' }],
  ['all team urgent billing', { status: 'all', teamId: team, priority: 3, type: 'billing' }],
  ['customer all', { status: 'all', customerId: customer }],
];

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return { p50: Math.round(pctl(times, 50) * 10) / 10, p95: Math.round(pctl(times, 95) * 10) / 10 };
}

// `sqlP95`: the page's key query alone (what the indexes decide); the rest is building the 50 rows.
const results: { case: string; page: string; p50: number; p95: number; goal: number; sqlP95?: number }[] = [];
const sqlOnly = async (f: ListFilter) => (await time(() => db.$queryRaw(listSql(f)))).p95;
for (const [name, f] of lists) {
  results.push({ case: name, page: '1', goal: 100, ...(await time(() => service.list({ ...f, limit: 50 }))), sqlP95: await sqlOnly({ ...f, limit: 50 }) });
  let cursor: string | null = null;
  for (let p = 1; p < 5; p++) cursor = (await service.list({ ...f, limit: 50, cursor: cursor ? decodeCursor(cursor) : undefined })).nextCursor;
  if (cursor) {
    const at = decodeCursor(cursor);
    results.push({ case: name, page: '5', goal: 100, ...(await time(() => service.list({ ...f, limit: 50, cursor: at }))), sqlP95: await sqlOnly({ ...f, limit: 50, cursor: at }) });
  }
}
results.push({ case: 'customers', page: '1', goal: 100, ...(await time(() => listCustomers(db, { limit: 50 }))), sqlP95: (await time(() => db.$queryRaw(customerListSql({ limit: 50 })))).p95 });
const detail = await service.detail(LONG_CONVERSATION);
results.push({ case: `open ${LONG_CONVERSATION} (5,000 msgs)`, page: 'newest 50', goal: 50, ...(await time(() => service.detail(LONG_CONVERSATION))) });
const before = detail.messages[0]!.id;
results.push({ case: `open ${LONG_CONVERSATION} (5,000 msgs)`, page: 'older 50', goal: 50, ...(await time(() => service.messagesBefore(LONG_CONVERSATION, before, 50))) });
await db.$disconnect();

const provider = target.provider;
console.log(`console lists over ${seeded.conversations} conversations / ${seeded.messages} messages (${provider}, ${RUNS} runs, seed or reuse ${seedMs} ms)`);
console.log(`load average before: ${loadBefore}; after: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
console.log('case                                page        p50 ms   p95 ms   goal            key SQL p95 ms');
for (const r of results) console.log(`${r.case.padEnd(35)} ${r.page.padEnd(10)} ${String(r.p50).padStart(7)}  ${String(r.p95).padStart(7)}   ${(r.p95 < r.goal ? 'ok' : 'MISSED') + ` (<${r.goal})`}`.padEnd(80) + (r.sqlP95 === undefined ? '' : String(r.sqlP95).padStart(7)));
console.log(JSON.stringify({ bench: 'lists', provider, conversations: seeded.conversations, messages: seeded.messages, seedMs, runs: RUNS, results }));
