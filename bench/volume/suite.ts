// What the volume benchmark measures on one running server. Each result is one number (the p95 of
// its requests, unless named otherwise) plus a detail line.
import { connectAgents, connectCustomers, LatencyTracker, runLoad } from '../load.js';
import type { Manifest } from './seed.js';
import type { VolumeServer } from './server.js';
import { consoleFirstLoad } from './console.js';
import { firstMessages, oneMessageEach, returningConnects, settle, timeRequests, type Timing } from './measure.js';

export type Results = Record<string, { value: number; unit: string; detail?: string }>;
export interface SuiteOptions { quick: boolean; only?: string[] }

const STATUSES = ['open', 'resolved', 'all'];
const CHANNELS = ['', 'webchat', 'email', 'sms'];
const FILTERS = ['all', 'unassigned', 'mine'];
const REPORTS = ['volume', 'response-times', 'sla', 'csat', 'agents'];

const p95 = (t: Timing, detail = '') => ({ value: t.p95, unit: 'ms', detail: `p50 ${t.p50}, max ${t.max}, n ${t.n}${t.errors ? `, ${t.errors} errors` : ''}${t.totalMs !== undefined ? `, all in ${t.totalMs} ms` : ''}${detail ? `; ${detail}` : ''}` });

async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export async function measureAll(server: VolumeServer, m: Manifest, opts: SuiteOptions): Promise<Results> {
  const out: Results = {};
  // Each group starts on a quiet server: work a burst left queued would be charged to the next one.
  const want = (group: string) => {
    const yes = !opts.only || opts.only.includes(group);
    return yes ? settle(server.url).then(() => true) : Promise.resolve(false);
  };
  const reps = opts.quick ? 3 : 10;
  const { url } = server;
  out['start-up to healthy'] = { value: Math.round(server.startupMs), unit: 'ms' };
  const admin = await login(url, m.admin.email, m.admin.password);
  const agent = await login(url, m.agents[0]!.email, m.agents[0]!.password);

  if (await want('widget')) {
    out['200 widget connects (returning)'] = p95(await returningConnects(url, m.inboxToken, m.webchatInboxId, m.secretKey, m.visitors.map((v) => v.visitorId), 200));
    out['200 new visitors, first message'] = p95(await firstMessages(url, m.inboxToken, 200));
  }

  if (await want('lists')) {
    const team = m.teams.find((t) => t.key === 'support')!.id;
    const combos: string[] = [];
    for (const status of STATUSES) for (const channel of CHANNELS) for (const filter of FILTERS) for (const teamId of ['', team]) {
      combos.push(`/api/conversations?status=${status}&filter=${filter}${channel ? `&channel=${channel}` : ''}${teamId ? `&teamId=${teamId}` : ''}`);
    }
    const page1 = await timeRequests(url, agent, combos);
    // Page 2 of each: the cursor is the last row's lastMessageAt.
    const page2: string[] = [];
    let slowest = { ms: 0, path: '' };
    for (const p of combos) {
      const t0 = performance.now();
      const res = (await fetch(url + p, { headers: { authorization: `Bearer ${agent}` } }).then((r) => r.json(), () => ({}))) as { conversations?: { lastMessageAt: string }[] };
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, path: p };
      const last = res.conversations?.[res.conversations.length - 1];
      if (last && res.conversations!.length === 50) page2.push(`${p}&before=${encodeURIComponent(last.lastMessageAt)}`);
    }
    out[`lists: ${combos.length} filters, page 1`] = p95(page1, `slowest ${Math.round(slowest.ms)} ms ${slowest.path.replace('/api/conversations?', '')}`);
    out[`lists: page 2 (${page2.length} with one)`] = p95(await timeRequests(url, agent, page2));
    const q = encodeURIComponent(m.customers[1]?.name.split(' ')[1] ?? 'Smith');
    out['conversation search ?q='] = p95(await timeRequests(url, agent, [`/api/conversations?status=all&q=${q}`], reps));
  }

  if (await want('open')) {
    for (const big of m.bigConversations) out[`open conversation, ${big.messages} messages`] = p95(await timeRequests(url, agent, [`/api/conversations/${big.id}`], reps));
  }

  if (await want('customers')) {
    out['customer 360'] = p95(await timeRequests(url, agent, m.customers.slice(0, 20).map((c) => `/api/customers/${c.id}`)));
    out['customer search'] = p95(await timeRequests(url, agent, m.customers.slice(0, 20).map((c) => `/api/customers?q=${encodeURIComponent(c.name.split(' ')[1]!)}`)));
  }

  if (await want('reports')) {
    const to = new Date().toISOString().slice(0, 10);
    const from = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    for (const days of [30, 365]) {
      out[`reports, ${days} days (5 reports)`] = p95(await timeRequests(url, admin, REPORTS.map((r) => `/api/reports/${r}?from=${from(days)}&to=${to}`), opts.quick ? 1 : 3));
    }
    out['reports CSV, 365 days'] = p95(await timeRequests(url, admin, REPORTS.map((r) => `/api/reports/${r}?from=${from(365)}&to=${to}&format=csv`)));
    out['supervisor overview'] = p95(await timeRequests(url, admin, ['/api/supervisor/overview'], reps));
  }

  if (await want('console')) out['console first load (Chromium)'] = p95(await consoleFirstLoad(url, m.admin, opts.quick ? 2 : 5), `${m.shape.open} open conversations`);

  if (await want('mixed')) Object.assign(out, await withDeadline(mixedLoad(url, m, admin, agent, opts), MIXED_DEADLINE_MS));
  out['RSS after the run'] = { value: Math.round(server.rssMb()), unit: 'MB' };
  return out;
}

// At 1M messages the mixed load has stalled past 15 minutes here (under a load average of 10+): a
// stall is reported as one, and the rest of the run goes on.
const MIXED_DEADLINE_MS = 300_000;

async function withDeadline(run: Promise<Results>, ms: number): Promise<Results> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<Results>((resolve) => {
    timer = setTimeout(() => resolve({ 'mixed: did not finish': { value: ms / 1000, unit: 's', detail: 'the mixed load stalled; see the server' } }), ms);
  });
  try {
    return await Promise.race([run, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** 200 customers chatting to 40 agent sockets, without and then with a supervisor opening year reports and an agent paging lists. */
async function mixedLoad(url: string, m: Manifest, admin: string, agent: string, opts: SuiteOptions): Promise<Results> {
  const seconds = opts.quick ? 5 : 10;
  const tracker = new LatencyTracker();
  const customers = await connectCustomers(url, m.inboxToken, 200);
  // Agents first: they watch the conversations they hear created, and only watchers receive the messages.
  const agents = await connectAgents(url, admin, 40, (body) => tracker.received(body));
  // Warm-up: every customer's first message opens its conversation (the full path); then chat is on known conversations.
  await oneMessageEach(customers, 10);
  await settle(url);
  const quiet = await runLoad(customers, tracker, seconds, 100);
  let busy = true;
  const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const supervisor = (async () => {
    for (let i = 0; busy; i++) await fetch(`${url}/api/reports/${REPORTS[i % REPORTS.length]}?from=${from}`, { headers: { authorization: `Bearer ${admin}` } }).then((r) => r.arrayBuffer(), () => undefined);
  })();
  const pager = (async () => {
    for (let i = 0; busy; i++) await fetch(`${url}/api/conversations?status=${STATUSES[i % 3]}&channel=${CHANNELS[1 + (i % 3)]}`, { headers: { authorization: `Bearer ${agent}` } }).then((r) => r.arrayBuffer(), () => undefined);
  })();
  const loud = await runLoad(customers, freshTracker(tracker), seconds, 100);
  busy = false;
  await Promise.all([supervisor, pager]);
  for (const s of [...customers, ...agents]) s.disconnect();
  const line = (r: typeof quiet) => `p50 ${r.p50Ms}, ${r.msgsPerSec} msg/s, ${r.errors} errors`;
  return {
    'mixed: chat p99, no supervisor': { value: quiet.p99Ms, unit: 'ms', detail: line(quiet) },
    'mixed: chat p99, supervisor + lists': { value: loud.p99Ms, unit: 'ms', detail: line(loud) },
    'mixed: p99 ratio with/without': { value: Math.round((loud.p99Ms / quiet.p99Ms) * 100) / 100, unit: 'x' },
  };
}

/** A tracker whose agents' callbacks land: the agent sockets report to `into`, so it is emptied and reused. */
function freshTracker(into: LatencyTracker): LatencyTracker {
  into.latencies.length = 0;
  return into;
}
