// Report latency over ~1,000,000 messages on SQLite: seeds (or reuses) data/bench-reports, then
// runs each report BENCH_RUNS times over the last 30 and 90 days and prints p50/p95 as a table
// and one JSON line. Goal: p95 < 300 ms. Env: BENCH_CONVERSATIONS (100000), BENCH_RUNS (20).
import { openDatabase } from '../server/db/client.js';
import { databaseTarget } from '../server/db/target.js';
import { buildOverview } from '../server/reports/overview.js';
import { parseReportQuery } from '../server/reports/query.js';
import { ReportService } from '../server/reports/service.js';
import { refreshStoredMetrics } from '../server/reports/stored-metrics.js';
import { seedReports } from '../scripts/seed-reports.js';

const DIR = process.env.BENCH_DATA_DIR ?? './data/bench-reports';
const N = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const pctl = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;

const seedStarted = performance.now();
const seeded = await seedReports(DIR, N); // also applies pending migrations to a reused database
const seedMs = Math.round(performance.now() - seedStarted);
const db = await openDatabase(databaseTarget({ DATA_DIR: DIR }));
const service = new ReportService(db, 'sqlite');
const now = Date.now();
// Stale stored metrics (a fresh seed, or business-hours teams after the migration) are filled once.
const fillStarted = performance.now();
const filled = await refreshStoredMetrics(db, 'sqlite', { from: new Date(0), to: new Date(now + 86_400_000), teamId: undefined });
const fillMs = Math.round(performance.now() - fillStarted);
const ranges = { '30d': parseReportQuery({ from: new Date(now - 30 * 86_400_000).toISOString(), to: new Date(now).toISOString() }), '90d': parseReportQuery({ from: new Date(now - 91 * 86_400_000).toISOString(), to: new Date(now).toISOString() }) };
const results: { report: string; range: string; p50: number; p95: number; ok: boolean }[] = [];
const cases: [string, (f: (typeof ranges)['30d']) => Promise<unknown>][] = [
  ['volume', (f) => service.volume(f)], ['response-times', (f) => service.responseTimes(f)], ['sla', (f) => service.sla(f)],
  ['csat', (f) => service.csat(f)], ['agents', (f) => service.agents(f)], ['overview', () => buildOverview(db)],
];
for (const [range, f] of Object.entries(ranges)) {
  for (const [name, run] of cases) {
    if (name === 'overview' && range !== '30d') continue;
    await run(f); // warm-up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await run(f);
      times.push(performance.now() - t);
    }
    const p95 = pctl(times, 95);
    results.push({ report: name, range, p50: Math.round(pctl(times, 50)), p95: Math.round(p95), ok: p95 < 300 });
  }
}
await db.$disconnect();
console.log(`reports over ${seeded.conversations} conversations / ${seeded.messages} messages (SQLite, ${RUNS} runs)`);
console.log(`seed or migrate: ${seedMs} ms; stored metrics filled for ${filled} conversations in ${fillMs} ms`);
console.log('report           range   p50 ms   p95 ms   <300ms');
for (const r of results) console.log(`${r.report.padEnd(16)} ${r.range.padEnd(7)} ${String(r.p50).padStart(6)}   ${String(r.p95).padStart(6)}   ${r.ok ? 'yes' : 'NO'}`);
console.log(JSON.stringify({ bench: 'reports', conversations: seeded.conversations, messages: seeded.messages, seedMs, filled, fillMs, results }));
