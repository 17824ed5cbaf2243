// The public HTTP contract (notes/architecture.md): health, sign-in, errors, classify, KB, pages.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../server/errors.js';
import { WEB_DIST } from '../../server/http/static.js';
import { ADMIN, databases, startTestServer, type TestServer } from '../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface ErrorShape { statusCode: number; code: string; error: string; message: string; field?: string }

/** The catalogue's JSON error shape, with the status both in the response and the body. */
function expectError(res: { status: number; body: unknown }, status: number, code: keyof typeof ERRORS): ErrorShape {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const body = res.body as ErrorShape;
  expect(body).toMatchObject({ statusCode: status, code });
  expect(typeof body.error).toBe('string');
  expect(body.error.length).toBeGreaterThan(0);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  return body;
}

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer(db);
    token = await server.login();
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('health', () => {
    it('GET /api/health answers 200 with status ok', async () => {
      const res = await server.api<{ status: string }>('GET', '/api/health');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
    });
  });

  describe('sign-in', () => {
    it('login returns a token and the user, and sets an HttpOnly session cookie', async () => {
      const res = await fetch(server.url + '/api/auth/login', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; user: { email: string; role: string; passwordHash?: unknown } };
      expect(typeof body.token).toBe('string');
      expect(body.token.length).toBeGreaterThanOrEqual(32);
      expect(body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
      expect(body.user).not.toHaveProperty('passwordHash');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sb_session='));
      expect(cookie, 'a sb_session cookie').toBeDefined();
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toContain(`sb_session=${body.token}`);
    });

    it('a wrong password is 401 INVALID_CREDENTIALS', async () => {
      const res = await server.api('POST', '/api/auth/login', { body: { email: ADMIN.email, password: 'not the password' } });
      expectError(res, 401, 'INVALID_CREDENTIALS');
    });

    it('an unknown email is the same 401 INVALID_CREDENTIALS', async () => {
      const res = await server.api('POST', '/api/auth/login', { body: { email: 'nobody@test.local', password: 'whatever it is' } });
      expectError(res, 401, 'INVALID_CREDENTIALS');
    });

    it('the token works as a Bearer token on /api routes', async () => {
      const me = await server.api<{ user: { email: string } }>('GET', '/api/auth/me', { token });
      expect(me.status).toBe(200);
      expect(me.body.user.email).toBe(ADMIN.email);
      const list = await server.api<{ conversations: unknown[] }>('GET', '/api/conversations', { token });
      expect(list.status).toBe(200);
      expect(Array.isArray(list.body.conversations)).toBe(true);
    });

    it('the session cookie works without a Bearer header', async () => {
      const me = await server.api<{ user: { email: string } }>('GET', '/api/auth/me', { headers: { cookie: `sb_session=${token}` } });
      expect(me.status).toBe(200);
      expect(me.body.user.email).toBe(ADMIN.email);
    });

    it('no token is 401 UNAUTHENTICATED with the JSON error shape', async () => {
      expectError(await server.api('GET', '/api/auth/me'), 401, 'UNAUTHENTICATED');
      expectError(await server.api('GET', '/api/conversations'), 401, 'UNAUTHENTICATED');
      expectError(await server.api('POST', '/api/routing/classify', { body: { text: 'hello' } }), 401, 'UNAUTHENTICATED');
    });

    it('a made-up token is 401 UNAUTHENTICATED', async () => {
      expectError(await server.api('GET', '/api/auth/me', { token: 'x'.repeat(43) }), 401, 'UNAUTHENTICATED');
    });

    it('after logout the token no longer works', async () => {
      const own = await server.login();
      expect((await server.api('GET', '/api/auth/me', { token: own })).status).toBe(200);
      expect((await server.api('POST', '/api/auth/logout', { token: own })).status).toBe(204);
      expectError(await server.api('GET', '/api/auth/me', { token: own }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('routing classify', () => {
    type Decision = { type: string; confidence: number; priority: number; team: string; language: string };
    const TYPES = ['sales', 'support', 'complaint', 'billing'];

    it('a pricing question is sales, in English, with the full decision shape', async () => {
      const res = await server.api<Decision>('POST', '/api/routing/classify', { token, body: { text: 'How much does the enterprise plan cost per seat? Can I get a quote and volume pricing for 200 users?' } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(TYPES).toContain(res.body.type);
      expect(res.body.type).toBe('sales');
      expect(res.body.language).toBe('en');
      expect(res.body.confidence).toBeGreaterThan(0);
      expect(res.body.confidence).toBeLessThanOrEqual(1);
      expect(Number.isInteger(res.body.priority)).toBe(true);
      expect(res.body.priority).toBeGreaterThanOrEqual(0);
      expect(res.body.priority).toBeLessThanOrEqual(3);
      expect(typeof res.body.team).toBe('string');
    });

    it('a Chinese refund request is billing, in Chinese', async () => {
      const res = await server.api<Decision>('POST', '/api/routing/classify', { token, body: { text: '我上个月被重复扣款了，请帮我退款到原来的银行卡。' } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.type).toBe('billing');
      expect(res.body.language).toBe('zh');
      expect(TYPES).toContain(res.body.type);
    });

    it('empty text is 400 naming the text field', async () => {
      const body = expectError(await server.api('POST', '/api/routing/classify', { token, body: { text: '   ' } }), 400, 'VALIDATION_FAILED');
      expect(body.field).toBe('text');
      expect(body.message).toContain('text');
    });

    it('missing text is 400 naming the text field', async () => {
      const body = expectError(await server.api('POST', '/api/routing/classify', { token, body: {} }), 400, 'VALIDATION_FAILED');
      expect(body.field).toBe('text');
    });
  });

  describe('knowledge base', () => {
    it('a published article is found by search, best match first, as {hits:[{id,title,snippet}]}', async () => {
      const word = `zorbulator${Math.random().toString(36).slice(2, 7)}`;
      const best = await server.api<{ id: string; status: string }>('POST', '/api/kb/articles', {
        token,
        body: { title: `Resetting the ${word} passphrase`, body: `To reset your ${word} passphrase, open Settings, choose ${word} and press Reset passphrase. The ${word} passphrase must be 12 characters.`, tags: [word], status: 'published' },
      });
      expect(best.status, JSON.stringify(best.body)).toBe(201);
      expect(best.body.status).toBe('published');
      const weaker = await server.api<{ id: string }>('POST', '/api/kb/articles', {
        token,
        body: { title: 'Shipping times for hardware orders', body: `Hardware ships in three days. Some accessories, such as the ${word} stand, ship separately.`, status: 'published' },
      });
      expect(weaker.status).toBe(201);

      const res = await server.api<{ hits: { id: string; title: string; snippet: string }[] }>('GET', `/api/kb/search?q=${encodeURIComponent(`${word} passphrase`)}&limit=5`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.hits.length).toBeGreaterThanOrEqual(1);
      expect(res.body.hits[0]).toMatchObject({ id: best.body.id, title: `Resetting the ${word} passphrase` });
      expect(typeof res.body.hits[0]!.snippet).toBe('string');
      for (const hit of res.body.hits) expect(Object.keys(hit).sort()).toEqual(['id', 'snippet', 'title']);
      const ids = res.body.hits.map((h) => h.id);
      if (ids.includes(weaker.body.id)) expect(ids.indexOf(best.body.id)).toBeLessThan(ids.indexOf(weaker.body.id));
    });

    it('a draft article is not searchable', async () => {
      const word = `quaxidrome${Math.random().toString(36).slice(2, 7)}`;
      const draft = await server.api<{ id: string; status: string }>('POST', '/api/kb/articles', { token, body: { title: `The ${word} guide`, body: `All about ${word}.` } });
      expect(draft.status).toBe(201);
      expect(draft.body.status).toBe('draft');
      const res = await server.api<{ hits: { id: string }[] }>('GET', `/api/kb/search?q=${word}`);
      expect(res.status).toBe(200);
      expect(res.body.hits.map((h) => h.id)).not.toContain(draft.body.id);
    });

    it('search without q is 400 naming q', async () => {
      const body = expectError(await server.api('GET', '/api/kb/search'), 400, 'VALIDATION_FAILED');
      expect(body.field).toBe('q');
    });
  });

  describe('errors at the edge', () => {
    it('an unknown /api route is 404 JSON', async () => {
      const body = expectError(await server.api('GET', '/api/no-such-route', { token }), 404, 'NOT_FOUND');
      expect(body.error).toBe('Not Found');
    });

    it('an unknown page route is 404 JSON too', async () => {
      expectError(await server.api('GET', '/no-such-page'), 404, 'NOT_FOUND');
    });

    it('a malformed JSON body is 400 MALFORMED_JSON', async () => {
      const res = await server.api('POST', '/api/auth/login', { body: '{"email": "admin@test.local", "password": ', headers: { 'content-type': 'application/json' } });
      expectError(res, 400, 'MALFORMED_JSON');
    });

    it('a non-JSON content type is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const form = await server.api('POST', '/api/auth/login', { body: `email=${encodeURIComponent(ADMIN.email)}&password=x`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expectError(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const text = await server.api('POST', '/api/routing/classify', { token, body: 'hello', headers: { 'content-type': 'text/plain' } });
      expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await server.api('POST', '/api/routing/classify', { token, body: { text: 'x'.repeat(600 * 1024) } });
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('every error response sets no-sniff', async () => {
      const res = await fetch(server.url + '/api/no-such-route');
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('pages', () => {
    it('GET /demo embeds the web chat inbox token in the script tag', async (ctx) => {
      ctx.skip(!existsSync(path.join(ROOT, 'widget/demo.html')), 'widget/demo.html is not in the tree yet (the widget is being written)');
      const inboxToken = await server.inboxToken();
      const res = await fetch(server.url + '/demo');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).not.toContain('{{INBOX_TOKEN}}');
      const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
      const widgetTag = scripts.find((tag) => tag.includes('/widget.js'));
      expect(widgetTag, `a <script src=".../widget.js"> tag in:\n${html}`).toBeDefined();
      expect(widgetTag).toContain(inboxToken);
    });

    it('GET /widget.js serves the widget script to any origin', async (ctx) => {
      ctx.skip(!existsSync(path.join(WEB_DIST, 'widget.js')), 'dist/web/widget.js is missing: run `node scripts/build-web.mjs` (npm test does)');
      const res = await fetch(server.url + '/widget.js');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect((await res.text()).length).toBeGreaterThan(100);
    });

    it('GET /console serves the agent console page', async (ctx) => {
      ctx.skip(!existsSync(WEB_DIST) || !existsSync(path.join(ROOT, 'agent-console/index.html')), 'dist/web or agent-console/index.html is missing: run `node scripts/build-web.mjs` (npm test does)');
      const res = await fetch(server.url + '/console');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(await res.text()).toMatch(/<html/i);
    });
  });
});
