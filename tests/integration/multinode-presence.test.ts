// Presence across two nodes (in this process, for a short grace period): an agent with tabs on both
// nodes stays online until the last tab anywhere is gone; going offline is announced once; widgets on
// the other node see availability change at once; an agent left online by a dead node is swept.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentDirectory } from '../../server/presence.js';
import { clusterEnv, clusterUnavailable, createAgent, inboxToken, login, startInProcessNode, type ClusterEnv } from '../helpers/cluster.js';
import { closeAll, connectAgent, connectVisitor, emitOk, record, waitForEvent } from './support.js';

const GRACE_MS = 300;
const unavailable = await clusterUnavailable();
if (unavailable) console.warn(`multi-node presence tests skipped: ${unavailable}`);

type Node = Awaited<ReturnType<typeof startInProcessNode>>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(unavailable !== null)(`presence on two nodes${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let shared: ClusterEnv;
  let p: Node;
  let q: Node;
  let admin: string;
  let inbox: string;
  let observer: Socket;
  const open: Socket[] = [];

  beforeAll(async () => {
    shared = clusterEnv();
    p = await startInProcessNode(shared, { presenceGraceMs: GRACE_MS });
    q = await startInProcessNode(shared, { presenceGraceMs: GRACE_MS });
    admin = await login(p.url);
    inbox = await inboxToken(p.url, admin);
    observer = await connectAgent(q.url, admin);
  }, 120_000);
  afterAll(async () => {
    closeAll(observer, ...open);
    await p?.close();
    await q?.close();
    await shared?.cleanup();
  }, 60_000);

  const presenceOf = async (id: string) => (await p.app.ctx.db.user.findUniqueOrThrow({ where: { id }, select: { presence: true } })).presence;
  const newAgent = () => createAgent(p.url, admin);
  const tab = async (url: string, token: string) => {
    const s = await connectAgent(url, token);
    open.push(s);
    return s;
  };

  it('with tabs on both nodes, closing one keeps the agent online; closing both takes them offline once', async () => {
    const agent = await newAgent();
    const onP = await tab(p.url, agent.token);
    const onQ = await tab(q.url, agent.token);
    await emitOk(onP, 'presence.set', { presence: 'online' });

    closeAll(onP);
    await sleep(GRACE_MS * 4);
    expect(await presenceOf(agent.id)).toBe('online');

    // Both nodes' timers run at once below; the conditional write lets only one announce it.
    const again = await tab(p.url, agent.token);
    const events = record<{ userId: string; presence: string }>(observer, 'presence.updated');
    closeAll(again, onQ);
    await events.waitFor((e) => e.userId === agent.id && e.presence === 'offline', GRACE_MS * 10);
    await sleep(GRACE_MS * 3);
    expect(events.events.filter((e) => e.userId === agent.id)).toEqual([{ userId: agent.id, presence: 'offline' }]);
    expect(await presenceOf(agent.id)).toBe('offline');
  });

  it('a widget connecting to the other node sees availability change at once', async () => {
    const agent = await newAgent();
    const desk = await tab(p.url, agent.token);
    await emitOk(desk, 'presence.set', { presence: 'online' });
    const before = await connectVisitor(q.url, { inboxToken: inbox });
    open.push(before.socket);
    expect(before.ready.agentsOnline).toBe(true); // and node Q now caches "someone is online"

    const offline = waitForEvent<{ online: boolean }>(before.socket, 'agents.availability', (a) => !a.online);
    await emitOk(desk, 'presence.set', { presence: 'offline' });
    await offline;
    await sleep(200); // the peer relay is a separate Redis message
    const after = await connectVisitor(q.url, { inboxToken: inbox });
    open.push(after.socket);
    expect(after.ready.agentsOnline).toBe(false);
  });

  it('an agent marked online with no socket on any node (their node died) is swept offline', async () => {
    const agent = await newAgent();
    const still = await newAgent();
    const stillTab = await tab(q.url, still.token);
    await emitOk(stillTab, 'presence.set', { presence: 'online' });
    await p.app.ctx.db.user.update({ where: { id: agent.id }, data: { presence: 'online' } });
    p.app.ctx.presence.attach(agentDirectory(p.app.io.of('/agent')), 100);
    const offline = waitForEvent<{ userId: string; presence: string }>(observer, 'presence.updated', (e) => e.userId === agent.id && e.presence === 'offline', GRACE_MS * 10);
    await offline;
    expect(await presenceOf(agent.id)).toBe('offline');
    expect(await presenceOf(still.id)).toBe('online'); // their tab is on the other node
  });
});
