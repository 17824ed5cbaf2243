// Chat latency (customer send -> agent receives) on the built server over a report bench data dir,
// alone and while a supervisor opens year reports one after another over HTTP (JSON and CSV), in
// alternating rounds. Issue 19: with the supervisor, p99 within 1.5x of without.
// Env: BENCH_CHAT_RATE (100 msg/s), BENCH_CHAT_SECONDS (15), BENCH_CHAT_ROUNDS (2), BENCH_CHAT_CUSTOMERS (20),
// BENCH_CHAT_THINK_MS (500: the pause between two reports).
import { connectAgents, connectCustomers, LatencyTracker, runLoad, type LoadResult } from './load.js';
import { startSwitchboard } from './server.js';

const RATE = Number(process.env.BENCH_CHAT_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_CHAT_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_CHAT_ROUNDS ?? 2);
const CUSTOMERS = Number(process.env.BENCH_CHAT_CUSTOMERS ?? 20);
// A person reads a report before the next click; 0 = back to back (far more than one supervisor).
const THINK_MS = Number(process.env.BENCH_CHAT_THINK_MS ?? 500);
const DAY = 86_400_000;
const REPORTS = ['volume', 'response-times', 'sla', 'csat', 'agents', 'agents?format=csv', 'volume?format=csv'];

export interface ChatUnderReports { rate: number; thinkMs: number; alone: LoadResult; withReports: LoadResult; reportsOpened: number; reportP95Ms: number; ratio: number; rounds: { alone: number[]; withReports: number[] } }

/** The round with the median p99 (a round with no answers counts as the worst). */
const medianRound = (list: LoadResult[]) => [...list].sort((a, b) => (Number.isNaN(a.p99Ms) ? Infinity : a.p99Ms) - (Number.isNaN(b.p99Ms) ? Infinity : b.p99Ms))[Math.floor((list.length - 1) / 2)]!;

export async function chatUnderReports(dataDir: string): Promise<ChatUnderReports> {
  const target = await startSwitchboard('sqlite', { dataDir });
  try {
    let tracker = new LatencyTracker();
    const agents = await connectAgents(target.url, target.token, 5, (body) => tracker.received(body));
    const customers = await connectCustomers(target.url, target.inboxToken, CUSTOMERS);
    const run = () => runLoad(customers, (tracker = new LatencyTracker()), SECONDS, RATE);
    // Warm-up: each customer's first message, one at a time, opens its conversation (the full path,
    // which at volume takes seconds until issue 19's first-message fixes land), then a little chat.
    for (const [i, c] of customers.entries()) await c.timeout(120_000).emitWithAck('message.send', { clientMessageId: `warm-${Date.now()}-${i}`, body: 'hello' });
    await runLoad(customers, (tracker = new LatencyTracker()), 3, RATE);
    const q = [['from', new Date(Date.now() - 365 * DAY).toISOString()], ['to', new Date().toISOString()]] as const;
    const reportTimes: number[] = [];
    const rounds = { alone: [] as LoadResult[], withReports: [] as LoadResult[] };
    for (let r = 0; r < ROUNDS; r++) {
      rounds.alone.push(await run());
      let stop = false;
      const supervisor = (async () => {
        for (let i = 0; !stop; i++) {
          const t = performance.now();
          const url = new URL(`/api/reports/${REPORTS[i % REPORTS.length]!}`, target.url);
          for (const [k, v] of q) url.searchParams.set(k, v);
          const res = await fetch(url, { headers: { authorization: `Bearer ${target.token}` } });
          await res.text();
          if (res.status !== 200) throw new Error(`report answered ${res.status}`);
          reportTimes.push(performance.now() - t);
          if (THINK_MS) await new Promise((r) => setTimeout(r, THINK_MS));
        }
      })();
      rounds.withReports.push(await run());
      stop = true;
      await supervisor;
    }
    for (const s of [...agents, ...customers]) s.disconnect();
    const alone = medianRound(rounds.alone), withReports = medianRound(rounds.withReports);
    return {
      rate: RATE, thinkMs: THINK_MS, alone, withReports, reportsOpened: reportTimes.length, reportP95Ms: Math.round([...reportTimes].sort((a, b) => a - b)[Math.ceil(0.95 * reportTimes.length) - 1] ?? 0),
      ratio: withReports.p99Ms / Math.max(1, alone.p99Ms), rounds: { alone: rounds.alone.map((x) => x.p99Ms), withReports: rounds.withReports.map((x) => x.p99Ms) },
    };
  } finally {
    await target.stop();
  }
}
