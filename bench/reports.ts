// Report latency over ~1,000,000 messages on SQLite: seeds (or reuses) a data dir over BENCH_DAYS
// (365), builds the day roll-ups (time printed), then runs each report BENCH_RUNS times over the last
// 30 and 365 days through the read worker, as the server does, and once more without roll-ups for
// comparison. Then (BENCH_CHAT=0 skips) chat latency on the built server over the same data, alone
// and while a supervisor opens year reports (bench/reports-chat.ts). Goals: p95 < 300 ms, chat p99
// within 1.5x. Env: BENCH_CONVERSATIONS (100000), BENCH_RUNS (20), BENCH_DATA_DIR.
import path from 'node:path';
import { loadavg } from 'node:os';
import { openDatabase } from '../server/db/client.js';
import { databaseTarget } from '../server/db/target.js';
import { SqliteReadPool } from '../server/reads/read-pool.js';
import { buildOverview } from '../server/reports/overview.js';
import { parseReportQuery, type ReportFilter } from '../server/reports/query.js';
import { rebuildDay } from '../server/reports/rollup-build.js';
import { daysToBuild } from '../server/reports/rollup-fresh.js';
import { ReportService } from '../server/reports/service.js';
import { seedReports } from '../scripts/seed-reports.js';
import { chatUnderReports } from './reports-chat.js';

const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const DIR = process.env.BENCH_DATA_DIR ?? `./data/bench-reports-${DAYS}d`;
const N = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const DAY = 86_400_000;

const pctl = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;

const seedStarted = performance.now();
const seeded = await seedReports(DIR, N, Date.now(), DAYS); // also applies pending migrations to a reused database
const seedMs = Math.round(performance.now() - seedStarted);
const target = databaseTarget({ DATA_DIR: DIR });
const db = await openDatabase(target);
const pool = new SqliteReadPool(path.resolve(target.provider === 'sqlite' ? target.file : ''));
const service = new ReportService(db, 'sqlite', { reader: pool });
const raw = new ReportService(db, 'sqlite', { reader: pool, rollups: false });
const now = Date.now();
// Every logged day built once, as the catch-up job does after the migration or a seed.
const buildStarted = performance.now();
let built = 0;
for (let days = await daysToBuild(db, new Date()); days.length; days = await daysToBuild(db, new Date())) {
  for (const day of days) await rebuildDay(db, 'sqlite', day, new Date());
  built += days.length;
}
const buildMs = Math.round(performance.now() - buildStarted);
const range = (days: number): ReportFilter => parseReportQuery({ from: new Date(now - days * DAY).toISOString(), to: new Date(now).toISOString() });
const ranges: Record<string, ReportFilter> = { '30d': range(30), '365d': range(365) };
type Case = [string, (f: ReportFilter) => Promise<unknown>];
const cases = (s: ReportService): Case[] => [
  ['volume', (f) => s.volume(f)], ['response-times', (f) => s.responseTimes(f)], ['sla', (f) => s.sla(f)],
  ['csat', (f) => s.csat(f)], ['agents', (f) => s.agents(f)],
];
const results: { report: string; range: string; source: string; p50: number; p95: number; ok: boolean }[] = [];
async function measure(name: string, rangeName: string, source: string, runs: number, run: () => Promise<unknown>): Promise<void> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  const p95 = pctl(times, 95);
  results.push({ report: name, range: rangeName, source, p50: Math.round(pctl(times, 50)), p95: Math.round(p95), ok: p95 < 300 });
}
for (const [rangeName, f] of Object.entries(ranges)) for (const [name, run] of cases(service)) await measure(name, rangeName, 'rollups', RUNS, () => run(f));
await measure('overview', '-', 'counters', RUNS, () => buildOverview(db));
for (const [name, run] of cases(raw)) await measure(name, '365d', 'raw', Math.min(RUNS, 5), () => run(ranges['365d']!));
await pool.close();
await db.$disconnect();

console.log(`reports over ${seeded.conversations} conversations / ${seeded.messages} messages in ${DAYS} days (SQLite, ${RUNS} runs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
console.log(`seed or migrate: ${seedMs} ms; roll-ups built for ${built} days in ${buildMs} ms`);
console.log('report           range   source     p50 ms   p95 ms   <300ms');
for (const r of results) console.log(`${r.report.padEnd(16)} ${r.range.padEnd(7)} ${r.source.padEnd(9)} ${String(r.p50).padStart(7)}   ${String(r.p95).padStart(6)}   ${r.ok ? 'yes' : 'NO'}`);
const chat = process.env.BENCH_CHAT === '0' ? null : await chatUnderReports(DIR);
if (chat) {
  console.log(`chat p50/p99 ms at ${chat.rate} msg/s (report every ${chat.thinkMs} ms after the last): alone ${chat.alone.p50Ms}/${chat.alone.p99Ms}, with a supervisor opening year reports ${chat.withReports.p50Ms}/${chat.withReports.p99Ms} (${chat.reportsOpened} reports, p99 ratio ${chat.ratio.toFixed(2)}, goal <= 1.5)`);
}
console.log(JSON.stringify({ bench: 'reports', conversations: seeded.conversations, messages: seeded.messages, days: DAYS, seedMs, builtDays: built, buildMs, results, chat, load: loadavg() }));
