// Two real server processes on one PostgreSQL and one Redis: a customer on node A and an agent on
// node B talk both ways; node A is killed mid-conversation and the customer resumes on node B with
// exactly the messages it missed; a status change on one node reaches the other node's caches;
// the sticky proxy of `npm run cluster` keeps socket.io's polling transport working.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type NodeProcess, type Proxy } from '../../scripts/cluster.js';
import type { ConversationSummary, PublicMessage, StaffMessage } from '../../server/realtime/contract.js';
import { api, clusterUnavailable, inboxToken, login, startProcessCluster, type ProcessCluster } from '../helpers/cluster.js';
import { closeAll, connectAgent, connectVisitor, emitOk, randomId, record, sendVisitorMessage, waitForEvent, type Visitor } from './support.js';

const unavailable = await clusterUnavailable();
if (unavailable) console.warn(`multi-node tests skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)(`two server processes on PostgreSQL + Redis${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let cluster: ProcessCluster;
  let a: NodeProcess;
  let b: NodeProcess;
  let token: string;
  let inbox: string;
  let agent: Socket;
  let customer: Visitor;
  let conversationId: string;
  let lastSeen = 0;

  beforeAll(async () => {
    cluster = await startProcessCluster(2);
    [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
    token = await login(a.url);
    inbox = await inboxToken(b.url, token);
    agent = await connectAgent(b.url, token);
  }, 120_000);
  afterAll(async () => {
    closeAll(agent, customer?.socket);
    await cluster?.close();
  }, 60_000);

  const reply = async (node: NodeProcess, body: string, isPrivate = false) => {
    const res = await api<StaffMessage>(node.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body, private: isPrivate } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  it('a customer on node A and an agent on node B exchange messages both ways', async () => {
    customer = await connectVisitor(a.url, { inboxToken: inbox });
    const created = waitForEvent<ConversationSummary>(agent, 'conversation.created');
    const first = await sendVisitorMessage(customer.socket, 'Hello from node A');
    conversationId = first.conversationId;
    expect((await created).id).toBe(conversationId); // staff broadcast crossed from A to B
    await emitOk(agent, 'conversation.watch', { conversationId });

    const agentSees = waitForEvent<StaffMessage>(agent, 'message.created', (m) => m.body === 'Second, over the adapter');
    const second = await sendVisitorMessage(customer.socket, 'Second, over the adapter');
    expect((await agentSees).id).toBe(second.id);

    const customerSees = waitForEvent<PublicMessage>(customer.socket, 'message.created', (m) => m.body === 'Agent on node B here');
    const answer = await reply(b, 'Agent on node B here');
    expect(await customerSees).toMatchObject({ id: answer.id, authorKind: 'agent', conversationId });
    lastSeen = answer.id;
  });

  it('node A dies after an acked message; on node B the customer syncs exactly what it missed, in order', async () => {
    const acked = await sendVisitorMessage(customer.socket, 'Acked just before the crash', 'crash-1');
    lastSeen = acked.id;
    await a.stop('SIGKILL');

    const missed = [await reply(b, 'Reply while you were away'), await reply(b, 'And a second one')];
    await reply(b, 'Private note: never for the customer', true);

    const before = customer;
    const resumed = await connectVisitor(b.url, { inboxToken: inbox, visitorToken: before.ready.visitorToken });
    closeAll(before.socket);
    customer = resumed;
    expect(resumed.ready).toMatchObject({ visitorId: before.ready.visitorId, conversationId });
    // Recent ids at or below the cursor come back too (late commits); the widget merges them by id.
    const sync = (await emitOk<PublicMessage[]>(resumed.socket, 'messages.sync', { afterId: lastSeen })).filter((m) => m.id > lastSeen);
    expect(sync.map((m) => m.id)).toEqual(missed.map((m) => m.id));
    expect(sync.map((m) => m.body)).toEqual(['Reply while you were away', 'And a second one']);

    // The whole history is ordered and unique, and a retried send on another node stores nothing new.
    const all = await emitOk<PublicMessage[]>(resumed.socket, 'messages.sync', { afterId: 0 });
    const ids = all.map((m) => m.id);
    expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y));
    expect(all.some((m) => m.body.startsWith('Private note'))).toBe(false);
    const retried = await sendVisitorMessage(resumed.socket, 'Acked just before the crash', 'crash-1');
    expect(retried.id).toBe(acked.id);
    const after = await sendVisitorMessage(resumed.socket, 'Still here, now on node B');
    expect(after.conversationId).toBe(conversationId);
  });

  it('a status change on one node reaches the other: resolved on B, the next chat on C opens a new conversation', async () => {
    const c = await cluster.add();
    const visitor = await connectVisitor(c.url, { inboxToken: inbox });
    try {
      const first = await sendVisitorMessage(visitor.socket, 'Question on node C');
      await sendVisitorMessage(visitor.socket, 'This one takes the cached fast path on C');
      const resolvedSeen = waitForEvent<{ status: string }>(visitor.socket, 'conversation.updated', (u) => u.status === 'resolved');
      const res = await api(b.url, 'POST', `/api/conversations/${first.conversationId}/status`, { token, body: { status: 'resolved' } });
      expect(res.status).toBe(200);
      await resolvedSeen;
      await new Promise((r) => setTimeout(r, 500)); // the peer relay is a separate Redis message
      const next = await sendVisitorMessage(visitor.socket, 'A new question after resolution');
      expect(next.conversationId).not.toBe(first.conversationId);
    } finally {
      closeAll(visitor.socket);
    }
  });

  it('behind the sticky proxy, polling-only clients pinned to different nodes still talk', async () => {
    const c = cluster.nodes[2] ?? (await cluster.add());
    const proxy: Proxy = await startProxy([b.url, c.url]);
    const sockets: Socket[] = [];
    const polling = (ns: string, auth: Record<string, string>, node: number) => {
      const s = io(proxy.url + ns, { auth, transports: ['polling'], forceNew: true, reconnection: false, extraHeaders: { cookie: `sb_node=${node}` } });
      sockets.push(s);
      return s;
    };
    try {
      const staff = polling('/agent', { token }, 1);
      await new Promise<void>((resolve, reject) => staff.once('connect', () => resolve()).once('connect_error', reject));
      const visitor = polling('/widget', { inboxToken: inbox }, 0);
      const seen = record<ConversationSummary>(staff, 'conversation.created');
      await new Promise((resolve) => visitor.once('session.ready', resolve));
      // Many polling round trips: without stickiness they would hit the other node ("Session ID unknown").
      const body = `via the proxy ${randomId('p')}`;
      const stored = (await visitor.timeout(5_000).emitWithAck('message.send', { clientMessageId: randomId('c'), body })) as { ok: boolean; data: PublicMessage };
      expect(stored.ok).toBe(true);
      expect((await seen.waitFor((s) => s.id === stored.data.conversationId)).id).toBe(stored.data.conversationId);
      const anonymous = polling('/widget', { inboxToken: inbox }, 99); // no valid cookie: by client address
      await new Promise((resolve) => anonymous.once('session.ready', resolve));
    } finally {
      closeAll(...sockets);
      await proxy.close();
    }
  });
});
