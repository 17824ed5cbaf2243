// Knowledge base for customers and its counters: public article API (published only, safe HTML),
// search bad input, votes, views, agent usage, deflection beacons and the stats that sum them up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, createStaff, sendVisitorMessage, type Visitor } from './support.js';

type ErrorShape = { statusCode: number; code: string; message: string; field?: string };
type Staff = Awaited<ReturnType<typeof createStaff>>;
type Stats = { articles: Record<string, number>; totals: Record<string, number>; top: { id: string; views: number; deflections: number }[] };

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let admin: string;
  let agent: Staff;
  let visitor: Visitor | undefined;

  beforeAll(async () => {
    server = await startTestServer(db);
    admin = await server.login();
    agent = await createStaff(server, admin, { role: 'agent' });
  });
  afterAll(async () => {
    closeAll(visitor?.socket);
    await server?.close();
  });

  async function article(body: Record<string, unknown>): Promise<string> {
    const res = await server.api<{ id: string }>('POST', '/api/kb/articles', { token: admin, body: { title: 'Untitled', body: 'Text.', ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }
  const staffView = async (id: string) => (await server.api<{ views: number; helpful: number; notHelpful: number; usage: number; updatedAt: string }>('GET', `/api/kb/articles/${id}`, { token: admin })).body;

  it('GET /api/kb/public/articles/:id returns a published article as safe HTML, counts the view and allows any origin', async () => {
    const id = await article({ title: 'Safe <b>title</b>', body: 'Hello **world**\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(2)) <img src=x onerror=alert(3)>', status: 'published' });
    const before = await staffView(id);
    const res = await fetch(`${server.url}/api/kb/public/articles/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { id: string; title: string; html: string; body?: string };
    expect(body).toMatchObject({ id, title: 'Safe <b>title</b>' });
    expect(body).not.toHaveProperty('body');
    expect(body.html).toContain('<strong>world</strong>');
    expect(body.html).toContain('&lt;script&gt;');
    expect(body.html).not.toMatch(/<script|<img|javascript:/i);
    const after = await staffView(id);
    expect(after.views).toBe(before.views + 1);
    // A view is not an edit.
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  it('drafts, reviews and archived articles do not exist publicly, and their views are not counted', async () => {
    const draft = await article({});
    const review = await article({ status: 'in_review' });
    const archived = await article({ status: 'published' });
    await server.api('PATCH', `/api/kb/articles/${archived}`, { token: admin, body: { status: 'archived' } });
    for (const id of [draft, review, archived, 'no-such-article']) {
      const res = await server.api<ErrorShape>('GET', `/api/kb/public/articles/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.body.code).toBe('ARTICLE_NOT_FOUND');
    }
    expect((await staffView(draft)).views).toBe(0);
  });

  it('search is public with CORS; an empty query is 400 naming q, and so is a 10,000-character one', async () => {
    const ok = await fetch(`${server.url}/api/kb/search?q=anything`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    for (const q of ['', '%20%20%20', 'x'.repeat(10_000)]) {
      const res = await server.api<ErrorShape>('GET', `/api/kb/search?q=${q}`);
      expect(res.status, `q of ${q.length}`).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'q' });
    }
    expect((await server.api<ErrorShape>('GET', `/api/kb/search?q=${'y'.repeat(10_000)}`)).body.message).toContain('1000');
    expect((await server.api<ErrorShape>('GET', '/api/kb/search?q=ok&limit=0')).body.field).toBe('limit');
    expect((await server.api<ErrorShape>('GET', '/api/kb/search?q=ok&language=fr')).body.field).toBe('language');
  });

  it('votes count helpful and not helpful on published articles only, with a CORS preflight and a rate limit', async () => {
    const id = await article({ status: 'published' });
    const pre = await fetch(`${server.url}/api/kb/articles/${id}/vote`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    const yes = await fetch(`${server.url}/api/kb/articles/${id}/vote`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://shop.example' }, body: JSON.stringify({ helpful: true }) });
    expect(yes.status).toBe(200);
    expect(yes.headers.get('access-control-allow-origin')).toBe('*');
    expect(await yes.json()).toEqual({ helpful: 1, notHelpful: 0 });
    expect((await server.api('POST', `/api/kb/articles/${id}/vote`, { body: { helpful: false } })).body).toEqual({ helpful: 1, notHelpful: 1 });
    const bad = await server.api<ErrorShape>('POST', `/api/kb/articles/${id}/vote`, { body: { helpful: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('helpful');
    // Three tries per article and address an hour: the fourth is refused.
    expect((await server.api<ErrorShape>('POST', `/api/kb/articles/${id}/vote`, { body: { helpful: true } })).body.code).toBe('RATE_LIMITED');
    expect(await staffView(id)).toMatchObject({ helpful: 1, notHelpful: 1 });
    const draft = await article({});
    expect((await server.api<ErrorShape>('POST', `/api/kb/articles/${draft}/vote`, { body: { helpful: true } })).body.code).toBe('ARTICLE_NOT_FOUND');
  });

  it('agents record usage when they insert an answer, and whether it helped (the latest answer wins)', async () => {
    const id = await article({ status: 'published' });
    visitor = await connectVisitor(server.url, { inboxToken: await server.inboxToken() });
    const { conversationId } = await sendVisitorMessage(visitor.socket, 'How do I reset my password?');
    const used = (body: Record<string, unknown>, token = agent.token) => server.api<{ usage: number } & ErrorShape>('POST', `/api/kb/articles/${id}/used`, { token, body });
    expect((await used({ conversationId })).body).toEqual({ usage: 1 });
    expect((await used({ conversationId })).body).toEqual({ usage: 2 });
    expect((await used({ conversationId, helped: true })).body).toEqual({ usage: 2 });
    expect((await used({ conversationId, helped: false })).body).toEqual({ usage: 2 });
    const stats = (await server.api<Stats>('GET', '/api/kb/stats', { token: admin })).body;
    expect(stats.totals).toMatchObject({ usageHelped: 0, usageNotHelped: 1 });
    expect((await used({ conversationId: 'no-such-conversation' })).body).toMatchObject({ code: 'CONVERSATION_NOT_FOUND', field: 'conversationId' });
    expect((await used({})).body.field).toBe('conversationId');
    expect((await server.api('POST', `/api/kb/articles/${id}/used`, { body: { conversationId } })).status).toBe(401);
    expect((await server.api<ErrorShape>('POST', '/api/kb/articles/nope/used', { token: agent.token, body: { conversationId } })).body.code).toBe('ARTICLE_NOT_FOUND');
  });

  it('a deflection beacon (text/plain JSON, as navigator.sendBeacon sends it) is counted in the stats', async () => {
    const id = await article({ status: 'published' });
    const inboxToken = await server.inboxToken();
    const beacon = (body: string, type = 'text/plain;charset=UTF-8') => fetch(`${server.url}/api/kb/public/deflections`, { method: 'POST', headers: { 'content-type': type, origin: 'https://shop.example' }, body });
    const res = await beacon(JSON.stringify({ articleId: id, inboxToken }));
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await beacon(JSON.stringify({ articleId: id, inboxToken }), 'application/json')).status).toBe(204);
    const malformed = await beacon('{"articleId":');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorShape).code).toBe('MALFORMED_JSON');
    const noInbox = (await (await beacon(JSON.stringify({ articleId: id, inboxToken: 'web_nope' }))).json()) as ErrorShape;
    expect(noInbox).toMatchObject({ code: 'INBOX_NOT_FOUND', field: 'inboxToken' });
    const draft = await article({});
    expect(((await (await beacon(JSON.stringify({ articleId: draft, inboxToken }))).json()) as ErrorShape).code).toBe('ARTICLE_NOT_FOUND');
    expect(((await (await beacon(JSON.stringify({ inboxToken }))).json()) as ErrorShape).field).toBe('articleId');
    expect((await beacon(`articleId=${id}`, 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await fetch(`${server.url}/api/kb/public/deflections`, { method: 'POST' })).status).toBe(400);
    // Other routes still insist on JSON.
    expect((await fetch(`${server.url}/api/kb/articles/${id}/vote`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"helpful":true}' })).status).toBe(415);

    const stats = await server.api<Stats>('GET', '/api/kb/stats', { token: admin });
    expect(stats.status).toBe(200);
    expect(stats.body.totals.deflections).toBe(2);
    expect(stats.body.articles.published).toBeGreaterThan(0);
  });

  it('stats are for supervisors and admins; preview renders Markdown safely for staff', async () => {
    expect((await server.api('GET', '/api/kb/stats', { token: agent.token })).status).toBe(403);
    expect((await server.api('GET', '/api/kb/stats')).status).toBe(401);
    const preview = await server.api<{ html: string }>('POST', '/api/kb/preview', { token: agent.token, body: { body: '# Hi\n\n<script>x()</script>' } });
    expect(preview.status).toBe(200);
    expect(preview.body.html).toContain('<h1');
    expect(preview.body.html).toContain('&lt;script&gt;');
    expect(preview.body.html).not.toContain('<script');
    expect((await server.api('POST', '/api/kb/preview', { body: { body: 'x' } })).status).toBe(401);
  });

  it('the staff article view carries plain text for inserting into a reply', async () => {
    const id = await article({ body: '## Steps\n\n1. Open **Settings**\n2. Press <kbd>Reset</kbd>' });
    const res = await server.api<{ text: string }>('GET', `/api/kb/articles/${id}`, { token: agent.token });
    expect(res.body.text).toBe('Steps\nOpen Settings\nPress Reset');
  });
});
