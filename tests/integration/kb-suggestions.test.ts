// Live agent suggestions over real sockets: each customer message refreshes the watching agent's
// top 3, a burst ends on the latest words, and agents not watching get nothing.
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KbSuggestion, PublicMessage } from '../../server/realtime/contract.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectAgent, connectVisitor, emitOk, randomId, record, sendVisitorMessage } from './support.js';

interface Suggested { conversationId: string; suggestions: KbSuggestion[] }

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let token: string;
  let inboxToken: string;
  const titles = { refund: '', password: '', shipping: '' };
  const open: Socket[] = [];

  async function publish(title: string, body: string): Promise<string> {
    const res = await server.api<{ id: string }>('POST', '/api/kb/articles', { token, body: { title, body, language: 'en', status: 'published' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return title;
  }
  /** A customer with an open conversation, and an agent watching it. */
  async function watchedConversation(): Promise<{ customer: Socket; agent: Socket; conversationId: string }> {
    const v = await connectVisitor(server.url, { inboxToken });
    const agent = await connectAgent(server.url, token);
    open.push(v.socket, agent);
    const first = await sendVisitorMessage(v.socket, 'hello there');
    await emitOk(agent, 'conversation.watch', { conversationId: first.conversationId });
    return { customer: v.socket, agent, conversationId: first.conversationId };
  }

  beforeAll(async () => {
    server = await startTestServer(db);
    token = await server.login();
    inboxToken = await server.inboxToken();
    const tag = randomId('kb');
    titles.refund = await publish(`Refund policy ${tag}`, 'How to get your money back: request a refund within 30 days of purchase.');
    titles.password = await publish(`Reset your password ${tag}`, 'Forgot your password? Use the reset link on the sign-in page.');
    titles.shipping = await publish(`Shipping times ${tag}`, 'Parcels ship in two days; tracking numbers arrive by email.');
  });
  afterEach(() => closeAll(...open.splice(0)));
  afterAll(async () => {
    await server?.close();
  });

  it("a customer message refreshes the watching agent's suggestions with the matching article", async () => {
    const { customer, agent, conversationId } = await watchedConversation();
    const got = record<Suggested>(agent, 'suggestions.updated');
    const sentAt = Date.now();
    await sendVisitorMessage(customer, 'I want a refund for my order');
    const update = await got.waitFor((u) => u.conversationId === conversationId && u.suggestions.some((s) => s.title === titles.refund));
    expect(update.suggestions.length).toBeLessThanOrEqual(3);
    expect(update.suggestions[0]!.title).toBe(titles.refund);
    // The goal is 200 ms; bench/kb-suggest.ts measures it under load, this only guards against a stall.
    expect(Date.now() - sentAt).toBeLessThan(2_000);
  });

  it('a burst of messages ends on suggestions for the latest words', async () => {
    const { customer, agent, conversationId } = await watchedConversation();
    const got = record<Suggested>(agent, 'suggestions.updated');
    const sent: Promise<PublicMessage>[] = ['refund please', 'where is my parcel shipping', 'I forgot my password, need a reset'].map((body) => sendVisitorMessage(customer, body));
    await Promise.all(sent);
    const last = await got.waitFor((u) => u.conversationId === conversationId && u.suggestions[0]?.title === titles.password);
    expect(last.suggestions[0]!.title).toBe(titles.password);
    await new Promise((r) => setTimeout(r, 300)); // past the refresh window: nothing older arrives after it
    expect(got.events.filter((u) => u.conversationId === conversationId).at(-1)!.suggestions[0]!.title).toBe(titles.password);
  });

  it('agents opening a conversation share one search per customer message, and a later opener gets the latest', async () => {
    const v = await connectVisitor(server.url, { inboxToken });
    open.push(v.socket);
    const { conversationId } = await sendVisitorMessage(v.socket, 'I want a refund for my order');
    await server.app.ctx.routing.settled(); // routing decides the language, which drops the entry once
    const kb = server.app.ctx.kb;
    const search = kb.search.bind(kb);
    let searches = 0;
    kb.search = (...args) => (searches++, search(...args));
    try {
      const agents = await Promise.all(Array.from({ length: 8 }, () => connectAgent(server.url, token)));
      open.push(...agents);
      const seen = agents.map((a) => record<Suggested>(a, 'suggestions.updated'));
      await Promise.all(agents.map((a) => emitOk(a, 'conversation.watch', { conversationId })));
      const firsts = await Promise.all(seen.map((r) => r.waitFor((u) => u.conversationId === conversationId)));
      for (const u of firsts) expect(u.suggestions[0]?.title).toBe(titles.refund);
      expect(searches).toBe(1);

      // A new customer message is searched once (the live refresh); an agent opening it then reuses that.
      await sendVisitorMessage(v.socket, 'I forgot my password, need a reset');
      await seen[0]!.waitFor((u) => u.conversationId === conversationId && u.suggestions[0]?.title === titles.password);
      const late = await connectAgent(server.url, token);
      open.push(late);
      const lateSeen = record<Suggested>(late, 'suggestions.updated');
      await emitOk(late, 'conversation.watch', { conversationId });
      expect((await lateSeen.waitFor((u) => u.conversationId === conversationId)).suggestions[0]?.title).toBe(titles.password);
      expect(searches).toBe(2);
    } finally {
      kb.search = search;
    }
  });

  it('an agent who does not watch the conversation gets no suggestions for it', async () => {
    const { customer, conversationId } = await watchedConversation();
    const bystander = await connectAgent(server.url, token);
    open.push(bystander);
    const got = record<Suggested>(bystander, 'suggestions.updated');
    await sendVisitorMessage(customer, 'I want a refund');
    await new Promise((r) => setTimeout(r, 400));
    expect(got.events.filter((u) => u.conversationId === conversationId)).toEqual([]);
  });
});
