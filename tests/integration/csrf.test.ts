// CSRF: the session cookie rides along on any request a browser makes to us, also one a page on a
// sibling subdomain (same site, so SameSite=Lax does not stop it) makes without a body. A change
// authenticated by the cookie must carry X-Requested-With, which a cross-origin page cannot add without
// a CORS preflight we never grant; Bearer tokens (API clients) and reads are unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';

type ErrorShape = { statusCode: number; code: string; message: string };

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let token: string;
  let inboxId: string;

  beforeAll(async () => {
    server = await startTestServer(db);
    token = await server.login();
    inboxId = (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
  });
  afterAll(async () => {
    await server?.close();
  });

  const secret = async () => ((await server.app.ctx.db.inbox.findUniqueOrThrow({ where: { id: inboxId } })).settings as { identitySecret: string }).identitySecret;
  const cookie = () => ({ cookie: `sb_session=${token}` });

  it('a bodyless cookie POST (what a sibling-subdomain page can send) changes nothing and is 403 CSRF_REJECTED', async () => {
    const before = await secret();
    const res = await fetch(`${server.url}/api/inboxes/${inboxId}/identity-secret`, { method: 'POST', headers: { ...cookie(), origin: 'https://evil.example.com' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as ErrorShape).code).toBe('CSRF_REJECTED');
    expect(await secret()).toBe(before);
  });

  it('a form-like cookie POST with a text body is refused the same way, before it is read', async () => {
    const res = await server.api<ErrorShape>('POST', '/api/purchases/import', { headers: { ...cookie(), 'content-type': 'text/csv' }, body: 'email,amount\nx@y.z,1\n' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_REJECTED');
  });

  it('the console (cookie plus X-Requested-With) changes things as before', async () => {
    const before = await secret();
    const res = await server.api<{ identitySecret: string }>('POST', `/api/inboxes/${inboxId}/identity-secret`, { headers: { ...cookie(), 'x-requested-with': 'switchboard' } });
    expect(res.status).toBe(200);
    expect(res.body.identitySecret).not.toBe(before);
  });

  it('reads with the cookie alone and changes with a Bearer token need no header', async () => {
    expect((await server.api('GET', '/api/auth/me', { headers: cookie() })).status).toBe(200);
    expect((await server.api('POST', `/api/inboxes/${inboxId}/identity-secret`, { token })).status).toBe(200);
  });

  it('logout by cookie needs the header too; with it the session ends', async () => {
    const own = await server.login();
    const bare = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: `sb_session=${own}` } });
    expect(bare.status).toBe(403);
    expect((await server.api('GET', '/api/auth/me', { token: own })).status).toBe(200);
    const ok = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: `sb_session=${own}`, 'x-requested-with': 'switchboard' } });
    expect(ok.status).toBe(204);
    expect((await server.api('GET', '/api/auth/me', { token: own })).status).toBe(401);
  });
});
