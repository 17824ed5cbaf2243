// Two nodes on one PostgreSQL and one Redis: a merge and its undo made on node B drop node A's
// cached answer of who receives a conversation's replies, so A never sends B's replies to A's visitor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicMessage } from '../../server/realtime/contract.js';
import { api, clusterEnv, clusterUnavailable, inboxToken, login, startInProcessNode, type ClusterEnv } from '../helpers/cluster.js';
import { closeAll, connectVisitor, record, sendVisitorMessage, type Visitor } from './support.js';

const unavailable = await clusterUnavailable();

describe.skipIf(unavailable !== null)(`visitor rooms across nodes${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let shared: ClusterEnv;
  let a: Awaited<ReturnType<typeof startInProcessNode>>;
  let b: Awaited<ReturnType<typeof startInProcessNode>>;
  let token: string;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    shared = clusterEnv();
    a = await startInProcessNode(shared);
    b = await startInProcessNode(shared);
    token = await login(a.url);
  }, 60_000);
  afterAll(async () => {
    closeAll(...visitors.map((v) => v.socket));
    await a?.close();
    await b?.close();
    await shared?.cleanup();
  }, 60_000);

  it("a merge and its undo on node B reach node A's cache of who receives what", async () => {
    const inbox = await inboxToken(a.url, token);
    const chat = async (text: string) => {
      const v = await connectVisitor(a.url, { inboxToken: inbox });
      visitors.push(v);
      const first = await sendVisitorMessage(v.socket, text);
      const conversation = (await api<{ customer: { id: string } }>(a.url, 'GET', `/api/conversations/${first.conversationId}`, { token })).body;
      return { v, conversationId: first.conversationId, customerId: conversation.customer.id };
    };
    const reply = async (conversationId: string, body: string) => expect((await api(a.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body } })).status).toBe(201);
    // Node A hearing node B's identity change (over Redis) is the signal to wait for.
    const heard: string[][] = [];
    a.app.ctx.cacheBus.on('customer.identities_changed', ({ customerIds }) => void heard.push(customerIds));
    const hearOnA = async (count: number) => {
      for (let i = 0; i < 100 && heard.length < count; i++) await new Promise((r) => setTimeout(r, 50));
      expect(heard.length).toBe(count);
    };
    const first = await chat('I am A');
    const second = await chat('I am B');
    const aGets = record<PublicMessage>(first.v.socket, 'message.created');

    const merged = await api<{ auditId: string }>(b.url, 'POST', `/api/customers/${second.customerId}/merge`, { token, body: { sourceId: first.customerId } });
    expect(merged.status).toBe(200);
    await hearOnA(1);
    await reply(second.conversationId, 'to the merged customer');
    await aGets.waitFor((m) => m.body === 'to the merged customer');

    expect((await api(b.url, 'POST', `/api/customers/merges/${merged.body.auditId}/undo`, { token })).status).toBe(200);
    await hearOnA(2);
    await reply(second.conversationId, 'for B only');
    await reply(first.conversationId, 'for A only');
    await aGets.waitFor((m) => m.body === 'for A only');
    expect(aGets.events.map((m) => m.body)).not.toContain('for B only');
  }, 60_000);
});
