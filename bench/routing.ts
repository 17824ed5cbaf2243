// Routing decision latency on the in-memory index (10,000 waiting, 200 agents) and classifier
// throughput. Usage: npx tsx bench/routing.ts [waiting] [agents] [decisions]
import { readFileSync } from 'node:fs';
import { classify } from '../server/routing/classifier/index.js';
import { TEST_PATH } from '../server/routing/classifier/dataset.js';
import { LiveIndex, type ConvState } from '../server/routing/live-index.js';
import { seededRandom } from './random.js';

const WAITING = Number(process.argv[2] ?? 10_000);
const AGENTS = Number(process.argv[3] ?? 200);
const DECISIONS = Number(process.argv[4] ?? 20_000);
const TEAMS = ['sales', 'support', 'care', 'finance', 'triage'];
const CHANNELS = ['webchat', 'webchat', 'webchat', 'email', 'email', 'sms', 'whatsapp', 'slack'];

const rand = seededRandom(7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

// ---- classification throughput ----
const texts = readFileSync(TEST_PATH, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text);
classify(texts[0]!); // loads the model outside the timing
let classified = 0;
const c0 = performance.now();
while (performance.now() - c0 < 2000) classify(texts[classified++ % texts.length]!);
const classifyPerSec = Math.round(classified / ((performance.now() - c0) / 1000));

// ---- assignment decisions ----
const index = new LiveIndex();
for (let i = 0; i < AGENTS; i++) {
  const home = TEAMS[i % TEAMS.length]!;
  const teamIds = rand() < 0.3 ? [home, pick(TEAMS.filter((t) => t !== home))] : [home];
  index.agents.set({ id: `agent${String(i).padStart(4, '0')}`, online: rand() < 0.9, capacity: { webchat: 3, email: 10, sms: 3, whatsapp: 3, slack: 3 }, teamIds });
}
let seq = 0;
let clock = 1_700_000_000_000;
function enqueue(): ConvState {
  seq += 1;
  clock += 50;
  const c: ConvState = { id: `c${String(seq).padStart(8, '0')}`, teamId: pick(TEAMS), channel: pick(CHANNELS), priority: Math.floor(rand() * 4), queuedAt: clock, assigneeId: null, status: 'open' };
  index.apply(c.id, c);
  return c;
}
// Agents start with some work, then 10,000 wait.
const active: ConvState[] = [];
for (const a of index.agents.all()) {
  for (let k = 0; k < 2; k++) {
    seq += 1;
    const c: ConvState = { id: `c${String(seq).padStart(8, '0')}`, teamId: a.teamIds[0]!, channel: 'webchat', priority: 1, queuedAt: clock, assigneeId: a.id, status: 'open' };
    index.apply(c.id, c);
    active.push(c);
  }
}
for (let i = 0; i < WAITING; i++) enqueue();

const times: number[] = [];
let assigned = 0;
let empty = 0;
for (let i = 0; i < DECISIONS; i++) {
  const team = TEAMS[i % TEAMS.length]!;
  const t0 = performance.now();
  const d = index.next(team);
  if (d) index.reserve(team, d);
  times.push(performance.now() - t0);
  if (d) {
    assigned++;
    active.push({ ...d.conversation, assigneeId: d.agentId });
  } else empty++;
  // Steady state: a random active conversation resolves and a new one arrives.
  const j = Math.floor(rand() * active.length);
  const done = active[j]!;
  active[j] = active[active.length - 1]!;
  active.pop();
  index.apply(done.id, { ...done, status: 'resolved' });
  if (d) enqueue();
}
times.sort((a, b) => a - b);
const assignP50Ms = Number(percentile(times, 0.5).toFixed(4));
const assignP99Ms = Number(percentile(times, 0.99).toFixed(4));

const waitingDuring = index.waiting();

// Saturated: every online agent at capacity, so each decision scans the team and finds nobody.
for (const team of TEAMS) for (let d = index.next(team); d; d = index.next(team)) index.reserve(team, d);
const full: number[] = [];
for (let i = 0; i < 5000; i++) {
  const t0 = performance.now();
  index.next(TEAMS[i % TEAMS.length]!);
  full.push(performance.now() - t0);
}
full.sort((a, b) => a - b);

const rows: [string, string][] = [
  ['waiting conversations', String(waitingDuring)],
  ['agents (90% online)', String(AGENTS)],
  ['teams', String(TEAMS.length)],
  ['decisions', `${DECISIONS} (${assigned} assigned, ${empty} with no free agent)`],
  ['assign p50', `${assignP50Ms} ms`],
  ['assign p99', `${assignP99Ms} ms`],
  ['assign max', `${percentile(times, 1).toFixed(4)} ms (GC pauses included)`],
  ['saturated p99', `${percentile(full, 0.99).toFixed(4)} ms (all agents full, ${index.waiting()} waiting)`],
  ['classifications / s', String(classifyPerSec)],
];
console.log('Routing (in-memory decision + reserve; no database)');
for (const [k, v] of rows) console.log(`  ${k.padEnd(24)}${v}`);
console.log(JSON.stringify({ routing: { classifyPerSec, assignP50Ms, assignP99Ms, waiting: WAITING, agents: AGENTS } }));
