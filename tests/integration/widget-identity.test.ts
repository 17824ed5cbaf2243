// A shared browser: the widget's visitor token must never carry one signed-in user's chats to the
// next person. A token whose customer holds a signed user is good only with that user's claim: a
// different user, or no user (signed out), gets a fresh visitor; a verified user is never attached to
// a customer holding another verified user. Anonymous chat before signing in still follows the user.
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWidgetUser } from '../../server/customers/identity.js';
import { authenticateWidgetUser } from '../../server/customers/widget-auth.js';
import type { PublicMessage, WidgetSessionInfo } from '../../server/realtime/contract.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, emitOk, randomId, sendVisitorMessage, type Visitor } from './support.js';

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let inbox: { id: string; publicToken: string; settings: unknown };
  const open: Visitor[] = [];

  beforeAll(async () => {
    server = await startTestServer(db);
    inbox = await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } });
  });
  afterAll(async () => {
    closeAll(...open.map((v) => v.socket));
    await server?.close();
  });

  const secret = () => (inbox.settings as { identitySecret: string }).identitySecret;
  const claim = (userId: string) => ({ userId, userHash: signWidgetUser(secret(), userId) });

  async function visit(auth: { visitorToken?: string; userId?: string; userHash?: string } = {}): Promise<Visitor> {
    const socket = io(`${server.url}/widget`, { auth: { inboxToken: inbox.publicToken, ...auth }, transports: ['websocket'], forceNew: true, reconnection: false });
    const ready = await new Promise<WidgetSessionInfo>((resolve, reject) => {
      socket.once('session.ready', resolve);
      socket.once('connect_error', (err: Error) => reject(err));
    });
    const v = { socket, ready };
    open.push(v);
    return v;
  }
  const history = async (v: Visitor) => (await emitOk<PublicMessage[]>(v.socket, 'messages.sync', { afterId: 0 })).map((m) => m.body);
  const userCustomer = async (userId: string) => (await server.app.ctx.db.customerIdentity.findUniqueOrThrow({ where: { kind_value: { kind: 'user', value: `${inbox.id}:${userId}` } } })).customerId;

  it('after Alice signs out, the next anonymous page view on that browser is a new visitor and sees none of her chat', async () => {
    const alice = randomId('alice');
    const a = await visit(claim(alice));
    await sendVisitorMessage(a.socket, 'Alice: my card ends 4242');
    a.socket.disconnect();
    // Same localStorage, the site no longer vouches for anyone.
    const next = await visit({ visitorToken: a.ready.visitorToken });
    expect(next.ready.visitorId).not.toBe(a.ready.visitorId);
    expect(next.ready.conversationId).toBeNull();
    expect(await history(next)).toEqual([]);
  });

  it('Mallory signing in on that browser gets her own visitor and customer, here and on her own device', async () => {
    const alice = randomId('alice');
    const mallory = randomId('mallory');
    const a = await visit(claim(alice));
    await sendVisitorMessage(a.socket, 'Alice: my address is 1 Main St');
    a.socket.disconnect();
    const m = await visit({ visitorToken: a.ready.visitorToken, ...claim(mallory) });
    expect(m.ready.visitorId).not.toBe(a.ready.visitorId);
    expect(await history(m)).toEqual([]);
    expect(await userCustomer(mallory)).not.toBe(await userCustomer(alice));
    const ownDevice = await visit(claim(mallory));
    expect(await history(ownDevice)).toEqual([]);
  });

  it('Alice coming back with her token and her claim is the same visitor and sees her chat', async () => {
    const alice = randomId('alice');
    const a = await visit(claim(alice));
    await sendVisitorMessage(a.socket, 'Alice: hello again');
    a.socket.disconnect();
    const back = await visit({ visitorToken: a.ready.visitorToken, ...claim(alice) });
    expect(back.ready.visitorId).toBe(a.ready.visitorId);
    expect(await history(back)).toEqual(['Alice: hello again']);
  });

  it('an anonymous chat before signing in follows the user who signs in', async () => {
    const bob = randomId('bob');
    const anon = await visit();
    await sendVisitorMessage(anon.socket, 'Bob before signing in');
    anon.socket.disconnect();
    const signed = await visit({ visitorToken: anon.ready.visitorToken, ...claim(bob) });
    expect(signed.ready.visitorId).toBe(anon.ready.visitorId);
    expect(await history(signed)).toEqual(['Bob before signing in']);
  });

  it('the link itself never attaches a verified user to a customer holding another one', async () => {
    const alice = randomId('alice');
    const mallory = randomId('mallory');
    const a = await visit(claim(alice));
    await sendVisitorMessage(a.socket, 'Alice only');
    const aliceCustomer = await userCustomer(alice);
    // Straight at the service, as if two tabs raced past the handshake's check.
    const linked = await authenticateWidgetUser(server.app.ctx.db, server.app.ctx.bus, inbox, a.ready.visitorId, claim(mallory));
    expect(linked?.customerId).not.toBe(aliceCustomer);
    expect(await userCustomer(mallory)).not.toBe(aliceCustomer);
    const ids = await server.app.ctx.db.customerIdentity.findMany({ where: { customerId: aliceCustomer, kind: 'user' } });
    expect(ids.map((i) => i.value)).toEqual([`${inbox.id}:${alice}`]);
  });

  it('every connection rotates the token; trailing junk on a token gives a fresh visitor', async () => {
    const first = await visit();
    await new Promise((r) => setTimeout(r, 1100)); // issue times are in seconds
    const again = await visit({ visitorToken: first.ready.visitorToken });
    expect(again.ready.visitorId).toBe(first.ready.visitorId);
    expect(again.ready.visitorToken).not.toBe(first.ready.visitorToken);
    const junk = await visit({ visitorToken: `${again.ready.visitorToken}.junk` });
    expect(junk.ready.visitorId).not.toBe(first.ready.visitorId);
  });
});

describe('visitor tokens expire (VISITOR_TOKEN_TTL_DAYS)', () => {
  it('a token older than its lifetime starts a fresh visitor', async () => {
    const server = await startTestServer('sqlite', { VISITOR_TOKEN_TTL_DAYS: '1' });
    try {
      const inbox = await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } });
      const old = server.app.ctx.visitorTokens.mint(inbox.id, undefined, Date.now() - 2 * 86_400_000);
      const socket = io(`${server.url}/widget`, { auth: { inboxToken: inbox.publicToken, visitorToken: old.token }, transports: ['websocket'], forceNew: true, reconnection: false });
      const ready = await new Promise<WidgetSessionInfo>((resolve) => socket.once('session.ready', resolve));
      socket.disconnect();
      expect(ready.visitorId).not.toBe(old.visitorId);
    } finally {
      await server.close();
    }
  });
});
