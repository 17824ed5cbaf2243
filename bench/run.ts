// `npm run bench`: the chat hot path end to end (customer send -> stored -> agent receives)
// against a bare socket.io relay in the same run, plus idle connection cost and widget size.
// Options (env): BENCH_SECONDS (5), BENCH_CUSTOMERS (50), BENCH_AGENTS (5), BENCH_RATE (1000),
// BENCH_IDLE (10000), BENCH_DB (sqlite | postgres, with TEST_POSTGRES_URL).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectAgents, connectCustomers, LatencyTracker, runLoad, type LoadResult } from './load.js';
import { measureIdle } from './idle.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 50);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const IDLE = Number(process.env.BENCH_IDLE ?? 10_000);
const DB = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'sqlite';
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' };

function spawnAndWait(cmd: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = out.match(ready);
      if (match) resolve({ child, match });
    });
    child.once('exit', (code) => reject(new Error(`${cmd.join(' ')} exited with ${code}: ${out.slice(-500)}`)));
  });
}

async function benchTarget(url: string, inboxToken: string, token: string): Promise<{ throughput: LoadResult; paced: LoadResult }> {
  const tracker = new LatencyTracker();
  const agents = await connectAgents(url, token, AGENTS, (body) => tracker.received(body));
  const customers = await connectCustomers(url, inboxToken, CUSTOMERS);
  await runLoad(customers, tracker, 1, 200); // warm-up: opens every conversation, JIT, caches
  const throughput = await runLoad(customers, new LatencyTrackerProxy(agents, tracker).fresh(), SECONDS, Infinity);
  const paced = await runLoad(customers, new LatencyTrackerProxy(agents, tracker).fresh(), SECONDS, RATE);
  for (const s of [...agents, ...customers]) s.disconnect();
  return { throughput, paced };
}

/** Swaps in a fresh tracker for each phase while the agents' listeners stay attached. */
class LatencyTrackerProxy {
  constructor(private agents: { off(e: string): void; on(e: string, f: (m: { body: string }) => void): void }[], _old: LatencyTracker) {}
  fresh(): LatencyTracker {
    const t = new LatencyTracker();
    for (const a of this.agents) {
      a.off('message.created');
      a.on('message.created', (m) => t.received(m.body));
    }
    return t;
  }
}

async function main(): Promise<void> {
  const relay = await spawnAndWait([process.execPath, '--import', 'tsx', 'bench/relay-server.ts'], {}, /RELAY_PORT=(\d+)/);
  const relayUrl = `http://127.0.0.1:${relay.match[1]}`;
  const baseline = await benchTarget(relayUrl, 'relay', 'relay');
  relay.child.kill();

  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-'));
  const dbEnv: Record<string, string> = DB === 'postgres' ? { DATABASE_URL: `${process.env.TEST_POSTGRES_URL}?schema=bench_${process.pid}` } : {};
  const server = await spawnAndWait([process.execPath, '--import', 'tsx', 'server/main.ts'], {
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
    WIDGET_MESSAGES_PER_10S: '100000', ...dbEnv,
  }, /running at (http:\/\/\S+)/);
  const url = server.match[1]!.replace('localhost', '127.0.0.1');
  const login = (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json()) as { token: string };
  const inboxes = (await (await fetch(`${url}/api/inboxes`, { headers: { authorization: `Bearer ${login.token}` } })).json()) as { inboxes: { publicToken: string }[] };
  const inboxToken = inboxes.inboxes[0]!.publicToken;
  const ours = await benchTarget(url, inboxToken, login.token);
  const idle = IDLE > 0 ? await measureIdle(url, inboxToken, IDLE, server.child.pid!) : { connections: 0, rssMB: 0 };
  server.child.kill();
  rmSync(dataDir, { recursive: true, force: true });

  const widget = await import('../scripts/widget-size.mjs').then((m) => m.widgetGzipBytes()).catch(() => NaN);
  const row = (name: string, r: LoadResult) => `| ${name.padEnd(34)} | ${String(r.msgsPerSec).padStart(9)} | ${String(r.p50Ms).padStart(7)} | ${String(r.p99Ms).padStart(7)} | ${String(r.errors).padStart(6)} |`;
  console.log(`\nChat hot path: ${CUSTOMERS} customers, ${AGENTS} agents, ${SECONDS} s per phase, database ${DB}, ${new Date().toISOString()}`);
  console.log('| run                                | msgs/s    | p50 ms  | p99 ms  | errors |');
  console.log('|------------------------------------|-----------|---------|---------|--------|');
  console.log(row('bare relay, max throughput', baseline.throughput));
  console.log(row('switchboard, max throughput', ours.throughput));
  console.log(row(`bare relay, paced ${RATE}/s`, baseline.paced));
  console.log(row(`switchboard, paced ${RATE}/s`, ours.paced));
  console.log(`idle widget connections: ${idle.connections}, server RSS ${idle.rssMB} MB; widget.js ${Math.round((widget / 1024) * 10) / 10} KB gzip\n`);
  const pick = (r: LoadResult) => ({ msgsPerSec: r.msgsPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms });
  console.log(JSON.stringify({
    relay: pick(ours.throughput), baseline: pick(baseline.throughput),
    ratio: Math.round((ours.throughput.msgsPerSec / baseline.throughput.msgsPerSec) * 100) / 100,
    paced: { rate: RATE, relay: pick(ours.paced), baseline: pick(baseline.paced) },
    db: DB, idle, widgetGzipKB: Math.round((widget / 1024) * 10) / 10,
  }));
  void readFileSync;
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
