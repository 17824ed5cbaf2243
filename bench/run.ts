// `npm run bench`: the chat hot path end to end (customer send -> stored -> agent receives) on
// SQLite and, when it answers, PostgreSQL, each against the same bare socket.io relay; then idle
// widget connections on a fresh server, and the widget's size. Ends with one JSON line.
// Runs bench/routing.ts, bench/kb-search.ts and bench/kb-suggest.ts first (BENCH_CHAT_ONLY=1 skips them).
// Options (env): BENCH_ROUNDS (3), BENCH_SECONDS (10), BENCH_CUSTOMERS (50), BENCH_AGENTS (5), BENCH_RATE (1000),
// BENCH_IDLE (10000), BENCH_DB (sqlite | postgres; unset: both, PostgreSQL when it answers at
// TEST_POSTGRES_URL or postgresql://postgres@127.0.0.1:5432/test).
import { execFileSync, spawnSync } from 'node:child_process';
import { measureIdle, type IdleResult } from './idle.js';
import { connectAgents, connectCustomers, LatencyTracker, runLoad, type LoadResult } from './load.js';
import { postgresReachable, startRelay, startSwitchboard, type BenchDb, type Target } from './server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 50);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const IDLE = Number(process.env.BENCH_IDLE ?? 10_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

interface Run { throughput: LoadResult; paced: LoadResult; rounds: number[]; pacedP99s: number[] }

/** One target with its clients connected: runs load phases on demand. */
interface Session { name: string; run(seconds: number, rate: number): Promise<LoadResult>; close(): Promise<void> }

async function databases(): Promise<BenchDb[]> {
  if (process.env.BENCH_DB === 'sqlite' || process.env.BENCH_DB === 'postgres') return [process.env.BENCH_DB];
  if (await postgresReachable()) return ['sqlite', 'postgres'];
  console.error('PostgreSQL did not answer: measuring SQLite only (set TEST_POSTGRES_URL to include it)');
  return ['sqlite'];
}

async function openSession(name: string, start: () => Promise<Target>): Promise<Session> {
  const target = await start();
  let tracker = new LatencyTracker();
  const agents = await connectAgents(target.url, target.token, AGENTS, (body) => tracker.received(body));
  const customers = await connectCustomers(target.url, target.inboxToken, CUSTOMERS);
  const run = (seconds: number, rate: number) => runLoad(customers, (tracker = new LatencyTracker()), seconds, rate);
  await run(1, 200); // warm-up: opens every conversation, JIT, caches
  return {
    name, run,
    async close() {
      for (const s of [...agents, ...customers]) s.disconnect();
      await target.stop();
    },
  };
}

/**
 * Writes the previous phase left in the page cache (another target's database, its checkpoints)
 * go to disk before the next phase, so they do not land on that phase's fsyncs.
 */
function flushDisks(): void {
  try {
    execFileSync('sync');
  } catch {
    // no sync(1) here: phases may then share the disk's write-back
  }
}

/** The round with the median of `by`, so one noisy round moves neither the table nor the ratio. */
function median(results: LoadResult[], by: (r: LoadResult) => number): LoadResult {
  return [...results].sort((a, b) => by(a) - by(b))[Math.floor(results.length / 2)]!;
}

/**
 * Closed loop (each customer waits for its ack): the most each target sustains. Then open loop at
 * a fixed rate: latency that queueing behind slow acks cannot hide. Both in ROUNDS rounds that take
 * turns (relay, SQLite, PostgreSQL, relay, ...), so the machine's drift, and a stall of the shared
 * host's disk or CPU in one round, hit all alike; every round's numbers are printed.
 */
async function benchAll(sessions: Session[]): Promise<Map<string, Run>> {
  const closed = new Map<string, LoadResult[]>(sessions.map((s) => [s.name, []]));
  const paced = new Map<string, LoadResult[]>(sessions.map((s) => [s.name, []]));
  // Each target sat idle while the others ran: a short warm-up first makes each phase measure
  // chats in progress (open conversations cached), not chats resuming all at once.
  const measure = async (s: Session, rate: number) => (flushDisks(), await s.run(1, 200), await s.run(SECONDS, rate));
  for (let round = 0; round < ROUNDS; round++) for (const s of sessions) closed.get(s.name)!.push(await measure(s, Infinity));
  for (let round = 0; round < ROUNDS; round++) for (const s of sessions) paced.get(s.name)!.push(await measure(s, RATE));
  return new Map(sessions.map((s) => {
    const rounds = closed.get(s.name)!;
    const pacedRounds = paced.get(s.name)!;
    return [s.name, {
      throughput: median(rounds, (r) => r.msgsPerSec), rounds: rounds.map((r) => r.msgsPerSec),
      paced: median(pacedRounds, (r) => r.p99Ms), pacedP99s: pacedRounds.map((r) => r.p99Ms),
    }];
  }));
}

async function withTarget<T>(start: () => Promise<Target>, use: (t: Target) => Promise<T>): Promise<T> {
  const target = await start();
  try {
    return await use(target);
  } finally {
    await target.stop();
  }
}

const pick = (r: LoadResult) => ({ msgsPerSec: r.msgsPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms });
/** Median over rounds of ours / relay in the same round: each pair ran minutes apart at most. */
function ratio(ours: Run, baseline: Run): number {
  const each = ours.rounds.map((v, i) => v / baseline.rounds[i]!).sort((a, b) => a - b);
  return Math.round(each[Math.floor(each.length / 2)]! * 100) / 100;
}
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

function printTable(baseline: Run, runs: Map<BenchDb, Run>, idle: IdleResult, widgetBytes: number): void {
  const targets = [['bare relay', baseline] as const, ...[...runs].map(([db, r]) => [db, r] as const)];
  const perRound = (values: (r: Run) => number[]) => targets.map(([name, r]) => `${name} ${values(r).join(' / ')}`).join('; ');
  // "seen by agent" below "sent" means acked messages an agent never received (or only after the run).
  const row = (name: string, r: LoadResult) => `| ${name.padEnd(36)} | ${String(r.msgsPerSec).padStart(9)} | ${String(r.p50Ms).padStart(8)} | ${String(r.p99Ms).padStart(8)} | ${String(r.errors).padStart(6)} | ${`${r.received}/${r.sent}`.padStart(13)} |`;
  console.log(`\nChat hot path: ${CUSTOMERS} customers, ${AGENTS} agents, ${SECONDS} s per phase, ${new Date().toISOString()}`);
  console.log(`rounds: max throughput is the median of ${ROUNDS} closed-loop rounds, taken in turns (msgs/s: ${perRound((r) => r.rounds)})`);
  console.log(`rounds: paced is the round with the median p99 of ${ROUNDS}, taken in turns (p99 ms: ${perRound((r) => r.pacedP99s)})`);
  console.log(`| ${'run'.padEnd(36)} | msgs/s    | p50 ms   | p99 ms   | errors | seen by agent |`);
  console.log(`|${'-'.repeat(38)}|-----------|----------|----------|--------|---------------|`);
  console.log(row('bare relay, max throughput', baseline.throughput));
  for (const [db, r] of runs) console.log(row(`switchboard ${db}, max throughput`, r.throughput));
  console.log(row(`bare relay, paced ${RATE}/s`, baseline.paced));
  for (const [db, r] of runs) console.log(row(`switchboard ${db}, paced ${RATE}/s`, r.paced));
  console.log(`idle: ${idle.connections} widget connections in ${idle.connectSeconds} s, server RSS ${idle.baseRssMB} MB before, ${idle.rssMB} MB with them; widget.js ${kb(widgetBytes)} KB gzip\n`);
}

/** The component benchmarks print their own tables first; the chat JSON line stays last. */
function runComponentBenches(): void {
  if (process.env.BENCH_CHAT_ONLY) return;
  for (const script of ['bench/routing.ts', 'bench/kb-search.ts', 'bench/kb-suggest.ts']) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`${script} failed with exit code ${run.status}`);
  }
}

async function main(): Promise<void> {
  runComponentBenches();
  const dbs = await databases();
  const sessions: Session[] = [];
  let all: Map<string, Run>;
  try {
    // One at a time: a server starting up would steal CPU from another's warm-up.
    sessions.push(await openSession('relay', startRelay));
    for (const db of dbs) sessions.push(await openSession(db, () => startSwitchboard(db)));
    all = await benchAll(sessions);
  } finally {
    for (const s of sessions) await s.close();
  }
  const baseline = all.get('relay')!;
  const runs = new Map<BenchDb, Run>(dbs.map((db) => [db, all.get(db)!]));
  // A fresh server: idle memory is not inflated by the load phases before it.
  const idle: IdleResult = IDLE > 0 ? await withTarget(() => startSwitchboard(dbs[0]!), (t) => measureIdle(t.url, t.inboxToken, IDLE, t.pid)) : { connections: 0, rssMB: 0, baseRssMB: 0, connectSeconds: 0 };
  const widgetBytes = await import('../scripts/widget-size.mjs').then((m) => m.widgetGzipBytes()).catch(() => NaN);
  printTable(baseline, runs, idle, widgetBytes);

  const [primary, ...others] = dbs;
  const first = runs.get(primary!)!;
  const extra = Object.fromEntries(others.map((db) => [db, { relay: pick(runs.get(db)!.throughput), ratio: ratio(runs.get(db)!, baseline), paced: pick(runs.get(db)!.paced) }]));
  console.log(JSON.stringify({
    relay: pick(first.throughput), baseline: pick(baseline.throughput), ratio: ratio(first, baseline),
    paced: { rate: RATE, relay: pick(first.paced), baseline: pick(baseline.paced) },
    db: primary, idle: { connections: idle.connections, rssMB: idle.rssMB }, widgetGzipKB: kb(widgetBytes), ...extra,
  }));
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
