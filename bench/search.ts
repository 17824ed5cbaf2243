// `npm run bench:search`: conversation search over ~1,000,000 messages on SQLite. Seeds (or reuses)
// data/bench-search (bench/search-seed.ts), starts the server on it in-process and times
// GET /api/conversations?q=… over HTTP for a mix of queries (goal: p95 < 100 ms), then the
// triggers' cost per hot-path insert (bench/search-insert.ts).
// Env: BENCH_MESSAGES (1000000), BENCH_RUNS (20 per query), BENCH_DATA_DIR.
import Database from 'better-sqlite3';
import os from 'node:os';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/log.js';
import { measureInsertCost } from './search-insert.js';
import { seedSearch } from './search-seed.js';

const DIR = process.env.BENCH_DATA_DIR ?? './data/bench-search';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const GOAL_MS = 100;
const pctl = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;

const seedStarted = performance.now();
const seeded = await seedSearch(DIR, MESSAGES);
const seedMs = Math.round(performance.now() - seedStarted);
const admin = { email: 'bench-search@bench.test', password: 'bench search password' };
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: DIR, LOG_LEVEL: 'silent', ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
const app = await createApp(config, { log: createLogger('silent'), print: () => undefined });
const url = await app.listen(0, '127.0.0.1');
const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
const { token } = (await login.json()) as { token: string };
const get = async (query: string) => {
  const res = await fetch(`${url}/api/conversations?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { conversations: unknown[]; nextCursor: string | null };
};
const enc = encodeURIComponent;

// Terms that exist, sampled across the seeded year: order numbers, emails and phones.
const sample = new Database(seeded.file, { readonly: true });
const orders = (sample.prepare(`SELECT "body" FROM "Message" WHERE "id" % 9973 = 1 AND "body" LIKE '%order%' LIMIT 200`).all() as { body: string }[]).flatMap((r) => r.body.match(/\d{6}/g) ?? []);
const people = sample.prepare(`SELECT "email", "phone" FROM "Customer" WHERE rowid % 997 = 1 LIMIT 50`).all() as { email: string; phone: string }[];
sample.close();
const at = <T>(xs: T[], i: number) => xs[i % xs.length]!;

// Each case varies its term per run, so no run is answered from a warm page alone.
const cases: [string, (i: number) => string][] = [
  ['order number (rare)', (i) => `q=${at(orders, i)}`],
  ['customer email', (i) => `q=${enc(at(people, i).email)}`],
  ['customer name', (i) => `q=${enc(['Nakamura', 'Okafor', 'Müller', 'Tanaka'][i % 4]!)}`],
  ['phone digits', (i) => `q=${enc(at(people, i).phone.slice(3, 11))}`],
  ['common word', (i) => `q=${['refund', 'invoice', 'damaged', 'tracking'][i % 4]}`],
  ['two words', (i) => `q=${enc(['refund headphones', 'damaged router', 'invoice charged', 'order tracking'][i % 4]!)}`],
  ['prefix', (i) => `q=${['refu', 'damag', 'invoi', 'track'][i % 4]}`],
  ['Chinese 退款', (i) => `q=${enc(['退款', '订单', '发票', '快递'][i % 4]!)}`],
  ['common + filters', (i) => `q=refund&status=resolved&channel=${['email', 'sms', 'webchat', 'slack'][i % 4]}`],
  ['common + 90 days', (i) => `q=${['refund', 'invoice'][i % 2]}&from=${new Date(Date.now() - 90 * 86_400_000).toISOString()}`],
];
const results: { query: string; p50: number; p95: number; hits: number }[] = [];
const all: number[] = [];
for (const [, query] of cases) await get(query(RUNS)); // warm-up
// Round-robin over the cases, so start-up work and load spikes do not land on one case.
const times = cases.map(() => [] as number[]);
const rows = cases.map(() => 0);
for (let i = 0; i < RUNS; i++) {
  for (const [c, [, query]] of cases.entries()) {
    const started = performance.now();
    const page = await get(query(i));
    times[c]!.push(performance.now() - started);
    rows[c]! += page.conversations.length;
  }
}
for (const [c, [name]] of cases.entries()) {
  all.push(...times[c]!);
  results.push({ query: name, p50: +pctl(times[c]!, 50).toFixed(1), p95: +pctl(times[c]!, 95).toFixed(1), hits: Math.round(rows[c]! / RUNS) });
}
// Page 2 of a common word through nextCursor.
{
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const first = await get(`q=${['refund', 'invoice', 'damaged', 'tracking'][i % 4]}`);
    const started = performance.now();
    const second = await get(`q=${['refund', 'invoice', 'damaged', 'tracking'][i % 4]}&cursor=${first.nextCursor}`);
    times.push(performance.now() - started);
    if (!second.conversations.length) throw new Error('page 2 is empty');
  }
  all.push(...times);
  results.push({ query: 'common word, page 2', p50: +pctl(times, 50).toFixed(1), p95: +pctl(times, 95).toFixed(1), hits: 20 });
}
await app.close();
await new Promise<void>((resolve) => app.http.close(() => resolve()));

const insertCost = await measureInsertCost();
const p95 = +pctl(all, 95).toFixed(1);
console.log(`\nconversation search, SQLite, ${seeded.messages} messages / ${seeded.conversations} conversations / ${seeded.customers} customers (seed ${seedMs} ms), ${RUNS} runs each, load ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores`);
console.log('| query | p50 ms | p95 ms | rows |\n|---|---|---|---|');
for (const r of results) console.log(`| ${r.query} | ${r.p50} | ${r.p95} | ${r.hits} |`);
console.log(`| all | ${+pctl(all, 50).toFixed(1)} | ${p95} | |`);
console.log(`goal p95 < ${GOAL_MS} ms: ${p95 < GOAL_MS ? 'met' : 'NOT met'}`);
console.log(`hot-path insert (batches of 50, raw SQLite): ${insertCost.withSearchUs} µs/message with the search triggers, ${insertCost.withoutSearchUs} µs without`);
console.log(JSON.stringify({ bench: 'search', db: 'sqlite', messages: seeded.messages, p95, goalMet: p95 < GOAL_MS, results, insertCost }));
