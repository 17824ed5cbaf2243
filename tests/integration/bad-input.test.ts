// Hostile and broken input at every edge: clear errors, nothing stored, never a crash, no leaks.
import { UNREACHABLE_EMAIL_SETTINGS } from '../helpers/inboxes.js';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublicMessage } from '../../server/realtime/contract.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectAgent, connectVisitor, emitAck, emitOk, expectConnectError, randomId, record, sendVisitorMessage, waitForEvent, type Visitor } from './support.js';

type ErrorShape = { statusCode: number; code: string; error: string; message: string; field?: string };

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let inboxToken: string;
  let token: string;
  const open: Socket[] = [];

  async function visitor(auth: { inboxToken?: string; visitorToken?: string } = {}): Promise<Visitor> {
    const v = await connectVisitor(server.url, { inboxToken: auth.inboxToken ?? inboxToken, ...(auth.visitorToken ? { visitorToken: auth.visitorToken } : {}) });
    open.push(v.socket);
    return v;
  }
  async function staff(): Promise<Socket> {
    const s = await connectAgent(server.url, token);
    open.push(s);
    return s;
  }
  async function expectHealthy(): Promise<void> {
    const health = await server.api<{ status: string }>('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
  }
  async function createInbox(channel: 'webchat' | 'email', name: string): Promise<string> {
    const res = await server.api<{ publicToken: string }>('POST', '/api/inboxes', { token, body: { channel, name, ...(channel === 'email' ? { settings: UNREACHABLE_EMAIL_SETTINGS } : {}) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.publicToken;
  }

  beforeAll(async () => {
    server = await startTestServer(db);
    inboxToken = await server.inboxToken();
    token = await server.login();
  });
  afterEach(() => {
    closeAll(...open.splice(0));
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('message size', () => {
    it('a 10 kB message over the socket is MESSAGE_TOO_LONG on body, and nothing is stored', async () => {
      const v = await visitor();
      const clientMessageId = randomId('long');
      const ack = await emitAck(v.socket, 'message.send', { clientMessageId, body: 'x'.repeat(10 * 1024) });
      expect(ack).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LONG', field: 'body' } });
      expect(await server.app.ctx.db.message.count({ where: { clientMessageId } })).toBe(0);
      expect(await server.app.ctx.db.customerIdentity.count({ where: { kind: 'visitor', value: v.ready.visitorId } })).toBe(0);
      // The same visitor can still send a normal message afterwards.
      expect((await sendVisitorMessage(v.socket, 'short and sweet')).body).toBe('short and sweet');
    });

    it('a message of exactly the limit is accepted', async () => {
      const v = await visitor();
      const max = server.app.ctx.config.MAX_MESSAGE_CHARS;
      const sent = await sendVisitorMessage(v.socket, 'y'.repeat(max));
      expect(sent.body).toHaveLength(max);
    });

    it('a 10 kB reply over REST is 400 MESSAGE_TOO_LONG, and nothing is stored', async () => {
      const v = await visitor();
      const first = await sendVisitorMessage(v.socket, 'please answer at length');
      const before = await server.app.ctx.db.message.count({ where: { conversationId: first.conversationId } });
      const res = await server.api<ErrorShape>('POST', `/api/conversations/${first.conversationId}/messages`, { token, body: { body: 'z'.repeat(10 * 1024) } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'MESSAGE_TOO_LONG', field: 'body' });
      expect(await server.app.ctx.db.message.count({ where: { conversationId: first.conversationId } })).toBe(before);
    });

    it('a socket frame over the transport limit drops only that socket', async () => {
      const v = await visitor();
      const bystander = await visitor();
      const dropped = waitForEvent<string>(v.socket, 'disconnect');
      v.socket.emit('message.send', { clientMessageId: randomId('huge'), body: 'h'.repeat(200 * 1024) }, () => undefined);
      await dropped;
      expect((await emitAck(bystander.socket, 'messages.sync', { afterId: 0 })).ok).toBe(true);
      await expectHealthy();
    });
  });

  describe('malformed socket payloads', () => {
    it('message.send with a bad payload gets a clear VALIDATION_FAILED ack naming the field', async () => {
      const v = await visitor();
      const cases: [unknown, string | undefined][] = [
        [{ clientMessageId: randomId('c') }, 'body'],
        [{ clientMessageId: randomId('c'), body: 42 }, 'body'],
        [{ clientMessageId: randomId('c'), body: '   ' }, 'body'],
        [{ body: 'no client id' }, 'clientMessageId'],
        [{ clientMessageId: 'c'.repeat(5000), body: 'huge client id' }, 'clientMessageId'],
        [{ clientMessageId: { $ne: null }, body: 'object id' }, 'clientMessageId'],
        [null, undefined],
        ['just a string', undefined],
        [[1, 2, 3], undefined],
      ];
      for (const [payload, field] of cases) {
        const ack = await emitAck(v.socket, 'message.send', payload);
        expect(ack, `payload ${JSON.stringify(payload)?.slice(0, 80)}`).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
        if (!ack.ok) {
          expect(ack.error.message.length).toBeGreaterThan(0);
          if (field) expect(ack.error.field).toBe(field);
        }
      }
      expect(await server.app.ctx.db.customerIdentity.count({ where: { kind: 'visitor', value: v.ready.visitorId } })).toBe(0);
      expect(v.socket.connected).toBe(true);
      await expectHealthy();
    });

    it('message.send without an ack callback is ignored and stores nothing', async () => {
      const v = await visitor();
      const clientMessageId = randomId('noack');
      v.socket.emit('message.send', { clientMessageId, body: 'fire and forget' });
      v.socket.emit('message.send');
      v.socket.emit('messages.sync', { afterId: 0 });
      v.socket.emit('followup.leave', { email: 'a@example.com' });
      // Events on one socket are handled in order: once this ack arrives, the ones above were seen.
      expect(await emitOk<PublicMessage[]>(v.socket, 'messages.sync', { afterId: 0 })).toEqual([]);
      expect(await server.app.ctx.db.message.count({ where: { clientMessageId } })).toBe(0);
      await expectHealthy();
    });

    it('messages.sync and followup.leave with bad payloads get clear ack errors', async () => {
      const v = await visitor();
      for (const payload of [null, {}, { afterId: 'x' }, { afterId: -1 }, { afterId: 1.5 }]) {
        const ack = await emitAck(v.socket, 'messages.sync', payload);
        expect(ack, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
        if (payload !== null && !ack.ok) expect(ack.error.field).toBe('afterId');
      }
      for (const payload of [null, { email: 42 }, { email: 'nope' }]) {
        expect(await emitAck(v.socket, 'followup.leave', payload), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      }
    });

    it('an afterId beyond the message id range is a clear answer, never INTERNAL', async () => {
      const v = await visitor();
      const first = await sendVisitorMessage(v.socket, 'cursor games');
      for (const afterId of [2 ** 31, 3_000_000_000, Number.MAX_SAFE_INTEGER]) {
        const ack = await emitAck<PublicMessage[]>(v.socket, 'messages.sync', { afterId });
        // Either "nothing after that" or a validation error naming the field is fine; a 500 is not.
        if (ack.ok) expect(ack.data, `afterId ${afterId}`).toEqual([]);
        else expect(ack.error, `afterId ${afterId}`).toMatchObject({ code: 'VALIDATION_FAILED', field: 'afterId' });
        const res = await server.api<{ messages?: unknown[]; code?: string; field?: string }>('GET', `/api/conversations/${first.conversationId}/messages?after=${afterId}`, { token });
        if (res.status === 200) expect(res.body.messages, `after=${afterId}`).toEqual([]);
        else expect({ status: res.status, code: res.body.code, field: res.body.field }, `after=${afterId}`).toEqual({ status: 400, code: 'VALIDATION_FAILED', field: 'after' });
      }
    });

    it('garbage typing.set payloads are ignored without harm', async () => {
      const v = await visitor();
      await sendVisitorMessage(v.socket, 'typing garbage follows');
      for (const payload of [null, 'yes', 42, { typing: 'yes' }, []]) v.socket.emit('typing.set', payload);
      v.socket.emit('typing.set');
      const agent = await staff();
      for (const payload of [null, { conversationId: '../../etc' }, { conversationId: 'x', typing: 'on' }]) agent.emit('typing.set', payload);
      expect((await emitAck(v.socket, 'messages.sync', { afterId: 0 })).ok).toBe(true);
      expect(v.socket.connected && agent.connected).toBe(true);
      await expectHealthy();
    });

    it('agent events with bad payloads get clear ack errors', async () => {
      const agent = await staff();
      expect(await emitAck(agent, 'conversation.watch', null)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await emitAck(agent, 'conversation.watch', { conversationId: 'bad id with spaces' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'conversationId' } });
      expect(await emitAck(agent, 'presence.set', { presence: 'busy' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'presence' } });
      agent.emit('conversation.watch', { conversationId: 'no-ack' });
      agent.emit('conversation.unwatch', null);
      expect(agent.connected).toBe(true);
      await expectHealthy();
    });
  });

  describe('unknown conversations', () => {
    const missing = 'does-not-exist-0000';

    it('GET and POST on an unknown conversation id are 404 CONVERSATION_NOT_FOUND', async () => {
      const calls: [string, string, unknown][] = [
        ['GET', `/api/conversations/${missing}`, undefined],
        ['GET', `/api/conversations/${missing}/messages`, undefined],
        ['POST', `/api/conversations/${missing}/messages`, { body: 'hello?' }],
        ['POST', `/api/conversations/${missing}/status`, { status: 'resolved' }],
        ['POST', `/api/conversations/${missing}/assign`, { assigneeId: null }],
      ];
      for (const [method, route, body] of calls) {
        const res = await server.api<ErrorShape>(method, route, { token, ...(body ? { body } : {}) });
        expect(res.status, `${method} ${route}`).toBe(404);
        expect(res.body).toMatchObject({ statusCode: 404, code: 'CONVERSATION_NOT_FOUND', error: 'Not Found' });
      }
    });

    it('a conversation id that is not an id is 400 naming id', async () => {
      const res = await server.api<ErrorShape>('GET', `/api/conversations/${encodeURIComponent('x y;DROP')}`, { token });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'id' });
    });

    it('conversation.watch on an unknown id acks CONVERSATION_NOT_FOUND', async () => {
      const agent = await staff();
      expect(await emitAck(agent, 'conversation.watch', { conversationId: missing })).toMatchObject({ ok: false, error: { code: 'CONVERSATION_NOT_FOUND' } });
    });
  });

  describe('visitor isolation', () => {
    it("visitor B never sees visitor A's messages, live or in messages.sync", async () => {
      const a = await visitor();
      const b = await visitor();
      const bLive = record<PublicMessage>(b.socket, 'message.created');
      const secret = `A's order number is ${randomId('secret')}`;
      const aLive = record<PublicMessage>(a.socket, 'message.created');
      const fromA = await sendVisitorMessage(a.socket, secret);
      const res = await server.api<{ id: number }>('POST', `/api/conversations/${fromA.conversationId}/messages`, { token, body: { body: `Reply to A ${secret}` } });
      expect(res.status).toBe(201);
      // A receives the reply; by then B would have too, had it been sent to B.
      await aLive.waitFor((m) => m.id === res.body.id);
      // B's second tab writes; B's first tab gets that echo after anything sent to it before.
      const bTab2 = await visitor({ visitorToken: b.ready.visitorToken });
      const fromB = await sendVisitorMessage(bTab2.socket, 'B here');
      await bLive.waitFor((m) => m.id === fromB.id);
      expect(bLive.events.map((m) => m.id)).toEqual([fromB.id]);

      const synced = await emitOk<PublicMessage[]>(b.socket, 'messages.sync', { afterId: 0 });
      expect(synced.map((m) => m.id)).toEqual([fromB.id]);
      expect(JSON.stringify(synced)).not.toContain(secret);
      expect(fromB.conversationId).not.toBe(fromA.conversationId);
    });

    it("a forged visitorToken claiming A's id is rejected and gets a fresh identity", async () => {
      const a = await visitor();
      const fromA = await sendVisitorMessage(a.socket, `forgery target ${randomId('f')}`);
      const [aId, issued, aSig] = a.ready.visitorToken.split('.') as [string, string, string];
      const flipped = (aSig[0] === 'A' ? 'B' : 'A') + aSig.slice(1);
      for (const forged of [`${aId}.${issued}.${flipped}`, `${aId}.${issued}.`, aId, `${aId}.${issued}.${'A'.repeat(43)}`, `${aId}.${issued}.${aSig.slice(0, -1)}`, `${aId}.${aSig}`, `${a.ready.visitorToken}.x`]) {
        const m = await visitor({ visitorToken: forged });
        expect(m.ready.visitorId, forged).not.toBe(aId);
        expect(m.ready.visitorToken).not.toBe(forged);
        expect(m.ready.conversationId).toBeNull();
        const synced = await emitOk<PublicMessage[]>(m.socket, 'messages.sync', { afterId: 0 });
        expect(synced.map((x) => x.id)).not.toContain(fromA.id);
        expect(synced).toEqual([]);
      }
    });

    it('a visitorToken signed for another inbox is rejected and gets a fresh identity', async () => {
      const otherInbox = await createInbox('webchat', 'Second website');
      const a = await visitor();
      const fromA = await sendVisitorMessage(a.socket, `inbox one secret ${randomId('i')}`);

      const crossed = await visitor({ inboxToken: otherInbox, visitorToken: a.ready.visitorToken });
      expect(crossed.ready.visitorId).not.toBe(a.ready.visitorId);
      expect(crossed.ready.conversationId).toBeNull();
      expect((await emitOk<PublicMessage[]>(crossed.socket, 'messages.sync', { afterId: 0 })).map((m) => m.id)).not.toContain(fromA.id);

      const other = await visitor({ inboxToken: otherInbox });
      const back = await visitor({ visitorToken: other.ready.visitorToken });
      expect(back.ready.visitorId).not.toBe(other.ready.visitorId);
      // The original token still works on its own inbox.
      const again = await visitor({ visitorToken: a.ready.visitorToken });
      expect(again.ready.visitorId).toBe(a.ready.visitorId);
      expect(again.ready.conversationId).toBe(fromA.conversationId);
    });

    it('an invalid inboxToken is a connect_error', async () => {
      expect(await expectConnectError(server.url, '/widget', { inboxToken: 'web_not-a-real-inbox' })).toBe('INBOX_NOT_FOUND');
      expect(await expectConnectError(server.url, '/widget', {})).toBe('VALIDATION_FAILED');
      expect(await expectConnectError(server.url, '/widget', { inboxToken: 'x'.repeat(5000) })).toBe('VALIDATION_FAILED');
      expect(await expectConnectError(server.url, '/widget', { inboxToken: { $gt: '' } })).toBe('VALIDATION_FAILED');
      await expectHealthy();
    });

    it("another channel's inbox token cannot open a web chat session", async () => {
      const emailInbox = await createInbox('email', 'Support mailbox');
      expect(await expectConnectError(server.url, '/widget', { inboxToken: emailInbox })).toBe('INBOX_NOT_FOUND');
    });
  });
});
