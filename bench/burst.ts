// `npm run bench:burst`: a burst of new web visitors. BURST_VISITORS (100) widget clients connect,
// then all send their first message at the same moment; each first message opens a conversation
// (customer, conversation, message, routing, suggestions). Measures send -> ack per visitor, and
// send -> an agent seeing the conversation routed, with BURST_AGENTS (40) agents connected that
// open every conversation they hear of. BURST_ROUNDS (3) fresh servers per database.
// BENCH_DB (sqlite | postgres; unset: both when PostgreSQL answers). Ends with one JSON line.
import { readFileSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import { connectAgents, connectCustomers, percentile } from './load.js';
import { postgresReachable, startSwitchboard, type BenchDb } from './server.js';

const VISITORS = Number(process.env.BURST_VISITORS ?? 100);
const AGENTS = Number(process.env.BURST_AGENTS ?? 40);
const ROUNDS = Math.max(1, Number(process.env.BURST_ROUNDS ?? 3));

interface BurstResult { p50Ms: number; p95Ms: number; maxMs: number; errors: number; routedP95Ms: number; routed: number; cpuAckMs: number; cpuAllMs: number }

/** CPU time the server process has used (user + system), from /proc: a shared host's load stretches wall time, not this. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const round = (n: number) => Math.round(n);

function sendFirst(s: Socket, i: number): Promise<number | null> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    s.timeout(10_000).emit('message.send', { clientMessageId: `first-${i}`, body: `Hello, I need help with my invoice number ${i}, the amount is wrong` }, (err: unknown, res: { ok: boolean }) => {
      resolve(err || !res?.ok ? null : performance.now() - t0);
    });
  });
}

async function burstOnce(db: BenchDb): Promise<BurstResult> {
  const target = await startSwitchboard(db);
  const sockets: Socket[] = [];
  try {
    // Agents hear of each conversation (created, then routed) and watch it, as a console does.
    const routedAt = new Map<string, number>();
    const agents = await connectAgents(target.url, target.token, AGENTS, () => undefined);
    agents[0]!.on('conversation.updated', (c: { id: string; teamId?: string | null }) => {
      if (c.teamId && !routedAt.has(c.id)) routedAt.set(c.id, performance.now());
    });
    sockets.push(...agents);
    const visitors = await connectCustomers(target.url, target.inboxToken, VISITORS);
    sockets.push(...visitors);
    await new Promise((r) => setTimeout(r, 500));
    const cpu0 = cpuMs(target.pid);
    const started = performance.now();
    const acks = await Promise.all(visitors.map((s, i) => sendFirst(s, i)));
    const cpuAck = cpuMs(target.pid) - cpu0;
    const settle = performance.now() + 10_000;
    while (routedAt.size < VISITORS && performance.now() < settle) await new Promise((r) => setTimeout(r, 20));
    const cpuAll = cpuMs(target.pid) - cpu0;
    const ok = acks.filter((a): a is number => a !== null).sort((a, b) => a - b);
    const routed = [...routedAt.values()].map((t) => t - started).sort((a, b) => a - b);
    return {
      p50Ms: round(percentile(ok, 50)), p95Ms: round(percentile(ok, 95)), maxMs: round(ok.at(-1) ?? NaN), errors: VISITORS - ok.length,
      routedP95Ms: round(percentile(routed, 95)), routed: routed.length, cpuAckMs: cpuAck, cpuAllMs: cpuAll,
    };
  } finally {
    for (const s of sockets) s.disconnect();
    await target.stop();
  }
}

async function main(): Promise<void> {
  const dbs: BenchDb[] = process.env.BENCH_DB === 'sqlite' || process.env.BENCH_DB === 'postgres' ? [process.env.BENCH_DB] : (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
  const results: Record<string, BurstResult & { rounds: number[] }> = {};
  console.log(`\nBurst of new visitors: ${VISITORS} first messages at once, ${AGENTS} agents watching, ${ROUNDS} rounds (fresh server each), ${new Date().toISOString()}`);
  // Server CPU: until the last ack, and until every conversation was routed (or the 10 s wait ended).
  console.log('| database | ack p50 ms | ack p95 ms | ack max ms | errors | routed p95 ms | routed | server CPU ms to last ack / to routed |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const db of dbs) {
    const runs: BurstResult[] = [];
    for (let r = 0; r < ROUNDS; r++) runs.push(await burstOnce(db));
    // The round with the median ack p95; every round's p95 is printed under the table.
    const median = [...runs].sort((a, b) => a.p95Ms - b.p95Ms)[Math.floor(runs.length / 2)]!;
    results[db] = { ...median, rounds: runs.map((r) => r.p95Ms) };
    console.log(`| ${db} | ${median.p50Ms} | ${median.p95Ms} | ${median.maxMs} | ${median.errors} | ${median.routedP95Ms} | ${median.routed}/${VISITORS} | ${median.cpuAckMs} / ${median.cpuAllMs} |`);
  }
  for (const [db, r] of Object.entries(results)) console.log(`rounds: ${db} ack p95 ms ${r.rounds.join(' / ')}`);
  console.log(JSON.stringify({ burst: { visitors: VISITORS, agents: AGENTS, ...results } }));
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
