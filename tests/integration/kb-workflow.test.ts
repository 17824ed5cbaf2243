// Knowledge base for staff: the review workflow by role, the review setting, versions and list filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { createStaff, randomId } from './support.js';

type ErrorShape = { statusCode: number; code: string; message: string; field?: string };
type Article = { id: string; status: string; version: number; authorId: string; reviewerId: string | null; publishedAt: string | null; title: string; body: string; tags: string[] };
type Staff = Awaited<ReturnType<typeof createStaff>>;

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let admin: string;
  let adminId: string;
  let agent: Staff;
  let sup: Staff;
  let sup2: Staff;

  beforeAll(async () => {
    server = await startTestServer(db);
    admin = await server.login();
    adminId = (await server.api<{ user: { id: string } }>('GET', '/api/auth/me', { token: admin })).body.user.id;
    agent = await createStaff(server, admin, { role: 'agent' });
    sup = await createStaff(server, admin, { role: 'supervisor', name: 'Sue Supervisor' });
    sup2 = await createStaff(server, admin, { role: 'supervisor' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const word = () => `kbw${Math.random().toString(36).slice(2, 9)}`;
  async function create(token: string, body: Record<string, unknown>): Promise<Article> {
    const res = await server.api<Article>('POST', '/api/kb/articles', { token, body: { title: `Guide ${word()}`, body: 'Some text.', ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }
  const patch = (token: string, id: string, body: Record<string, unknown>) => server.api<Article & ErrorShape>('PATCH', `/api/kb/articles/${id}`, { token, body });
  const searchIds = async (q: string) => (await server.api<{ hits: { id: string }[] }>('GET', `/api/kb/search?q=${q}`)).body.hits.map((h) => h.id);
  const setReview = (requireReview: boolean) => server.api('PUT', '/api/kb/settings', { token: admin, body: { requireReview } });

  it('review is required by default, and only admins change that', async () => {
    expect((await server.api('GET', '/api/kb/settings', { token: agent.token })).body).toEqual({ requireReview: true });
    const bySup = await server.api<ErrorShape>('PUT', '/api/kb/settings', { token: sup.token, body: { requireReview: false } });
    expect(bySup.status).toBe(403);
    const bad = await server.api<ErrorShape>('PUT', '/api/kb/settings', { token: admin, body: { requireReview: 'no' } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('requireReview');
    expect((await server.api('GET', '/api/kb/settings')).status).toBe(401);
  });

  it('an agent drafts and submits; another supervisor publishes; only then is it searchable', async () => {
    const w = word();
    const a = await create(agent.token, { title: `How to ${w}`, body: `Steps to ${w}.` });
    expect(a).toMatchObject({ status: 'draft', authorId: agent.id, reviewerId: null });
    const direct = await patch(agent.token, a.id, { status: 'published' });
    expect(direct.status).toBe(409);
    expect(direct.body).toMatchObject({ code: 'INVALID_TRANSITION', field: 'status' });
    expect((await patch(agent.token, a.id, { status: 'in_review' })).body.status).toBe('in_review');
    const byAgent = await patch(agent.token, a.id, { status: 'published' });
    expect(byAgent.status).toBe(403);
    expect(byAgent.body).toMatchObject({ code: 'FORBIDDEN', field: 'status' });
    expect(await searchIds(w)).not.toContain(a.id);
    const published = await patch(sup.token, a.id, { status: 'published' });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', reviewerId: sup.id });
    expect(published.body.publishedAt).not.toBeNull();
    expect(await searchIds(w)).toContain(a.id);
  });

  it('a supervisor cannot approve their own article, another supervisor or an admin can', async () => {
    const own = await create(sup.token, { status: 'in_review' });
    const self = await patch(sup.token, own.id, { status: 'published' });
    expect(self.status).toBe(403);
    expect(self.body.field).toBe('status');
    expect((await patch(sup2.token, own.id, { status: 'published' })).body.status).toBe('published');
    const adminOwn = await create(admin, { status: 'in_review' });
    expect((await patch(admin, adminOwn.id, { status: 'published' })).body).toMatchObject({ status: 'published', reviewerId: adminId });
  });

  it('four eyes: a supervisor who rewrote an article in review cannot publish it; someone who did not write it can', async () => {
    const a = await create(agent.token, { status: 'in_review' });
    const rewritten = await patch(sup.token, a.id, { body: 'Entirely different text, written by the supervisor.' });
    expect(rewritten.status, JSON.stringify(rewritten.body)).toBe(200);
    const approve = await patch(sup.token, a.id, { status: 'published' });
    expect(approve.status, JSON.stringify(approve.body)).toBe(403);
    expect(approve.body).toMatchObject({ code: 'FORBIDDEN', field: 'status' });
    // Rewriting and publishing in one request is the same thing.
    const b = await create(agent.token, { status: 'in_review' });
    const atOnce = await patch(sup.token, b.id, { body: 'Rewritten on the way out.', status: 'published' });
    expect(atOnce.status, JSON.stringify(atOnce.body)).toBe(403);
    expect((await server.api<Article>('GET', `/api/kb/articles/${b.id}`, { token: admin })).body).toMatchObject({ status: 'in_review', version: 1 });
    // A reviewer who wrote none of the text approves it.
    expect((await patch(sup2.token, a.id, { status: 'published' })).body).toMatchObject({ status: 'published', reviewerId: sup2.id });
  });

  it('four eyes counts only the text since the last publication: an earlier editor may approve a later rewrite by someone else', async () => {
    const a = await create(agent.token, { status: 'in_review' });
    expect((await patch(sup.token, a.id, { body: 'First edit by the supervisor.' })).status).toBe(200);
    expect((await patch(sup2.token, a.id, { status: 'published' })).status).toBe(200);
    expect((await patch(sup2.token, a.id, { status: 'draft' })).status).toBe(200);
    expect((await patch(sup2.token, a.id, { body: 'Second edit, by the other supervisor.', status: 'in_review' })).status).toBe(200);
    expect((await patch(sup2.token, a.id, { status: 'published' })).status).toBe(403);
    expect((await patch(sup.token, a.id, { status: 'published' })).body).toMatchObject({ status: 'published', reviewerId: sup.id });
  });

  it('publishing straight from draft is 409 while review is required, allowed for reviewers when it is not', async () => {
    const a = await create(sup.token, {});
    expect((await patch(sup.token, a.id, { status: 'published' })).body.code).toBe('INVALID_TRANSITION');
    expect((await setReview(false)).status).toBe(200);
    try {
      expect((await server.api('GET', '/api/kb/settings', { token: sup.token })).body).toEqual({ requireReview: false });
      expect((await patch(sup.token, a.id, { status: 'published' })).body.status).toBe('published');
      const mine = await create(sup.token, { status: 'in_review' });
      expect((await patch(sup.token, mine.id, { status: 'published' })).status).toBe(200);
      const agents = await create(agent.token, {});
      expect((await patch(agent.token, agents.id, { status: 'published' })).status).toBe(403);
    } finally {
      await setReview(true);
    }
  });

  it('reviewers may create an article published (author and reviewer at once); agents may not; nothing starts archived', async () => {
    const byAdmin = await create(admin, { status: 'published' });
    expect(byAdmin).toMatchObject({ status: 'published', reviewerId: adminId });
    const bySup = await create(sup.token, { status: 'published' });
    expect(bySup).toMatchObject({ status: 'published', reviewerId: sup.id });
    const byAgent = await server.api<ErrorShape>('POST', '/api/kb/articles', { token: agent.token, body: { title: 'x', body: 'y', status: 'published' } });
    expect(byAgent.status).toBe(403);
    const archived = await server.api<ErrorShape>('POST', '/api/kb/articles', { token: admin, body: { title: 'x', body: 'y', status: 'archived' } });
    expect(archived.status).toBe(409);
    expect(archived.body).toMatchObject({ code: 'INVALID_TRANSITION', field: 'status' });
  });

  it('moves outside the graph are 409 INVALID_TRANSITION naming status; archive, revive and unpublish work for reviewers', async () => {
    const w = word();
    const a = await create(admin, { title: `Archive me ${w}`, status: 'published' });
    const back = await patch(admin, a.id, { status: 'in_review' });
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ code: 'INVALID_TRANSITION', field: 'status' });
    expect((await patch(agent.token, a.id, { status: 'archived' })).status).toBe(403);
    expect((await patch(sup.token, a.id, { status: 'archived' })).body.status).toBe('archived');
    expect(await searchIds(w)).not.toContain(a.id);
    expect((await patch(admin, a.id, { status: 'published' })).body.code).toBe('INVALID_TRANSITION');
    expect((await patch(agent.token, a.id, { status: 'draft' })).status).toBe(403);
    expect((await patch(sup.token, a.id, { status: 'draft' })).body.status).toBe('draft');
    const d = await create(agent.token, {});
    expect((await patch(sup.token, d.id, { status: 'archived' })).body.code).toBe('INVALID_TRANSITION');
    const b = await create(admin, { title: `Unpublish me ${w}`, status: 'published' });
    expect(await searchIds(w)).toContain(b.id);
    expect((await patch(sup.token, b.id, { status: 'draft' })).body.status).toBe('draft');
    expect(await searchIds(w)).not.toContain(b.id);
    const bogus = await patch(admin, b.id, { status: 'gone' });
    expect(bogus.status).toBe(400);
    expect(bogus.body.field).toBe('status');
  });

  it('every content change adds a version; the history names editors and status changes', async () => {
    const a = await create(agent.token, { body: 'first' });
    expect((await patch(agent.token, a.id, { body: 'second' })).body.version).toBe(2);
    expect((await patch(agent.token, a.id, { tags: ['billing'] })).body).toMatchObject({ version: 2, tags: ['billing'] });
    expect((await patch(sup.token, a.id, { title: 'Renamed' })).body.version).toBe(3);
    await patch(agent.token, a.id, { status: 'in_review' });
    // Sue renamed it, so she is one of its authors: the other supervisor approves.
    await patch(sup2.token, a.id, { status: 'published' });
    const h = await server.api<{ versions: { version: number; title: string; body: string; editorName: string | null }[]; statusChanges: { from: string; to: string; actorName: string }[] }>('GET', `/api/kb/articles/${a.id}/versions`, { token: agent.token });
    expect(h.status).toBe(200);
    expect(h.body.versions.map((v) => [v.version, v.body])).toEqual([[3, 'second'], [2, 'second'], [1, 'first']]);
    expect(h.body.versions[0]).toMatchObject({ title: 'Renamed', editorName: 'Sue Supervisor' });
    expect(h.body.statusChanges.map((c) => `${c.from}>${c.to}`)).toEqual(['in_review>published', 'draft>in_review']);
    expect(h.body.statusChanges[0]!.actorName).toBe('Test supervisor');
    // Published text is what customers read: agents propose changes, reviewers make them.
    expect((await patch(agent.token, a.id, { body: 'sneaky' })).status).toBe(403);
    expect((await patch(agent.token, a.id, { language: 'zh' })).status).toBe(403);
    expect((await patch(agent.token, a.id, { tags: ['billing'], title: 'Renamed' })).status).toBe(200);
    expect((await patch(sup.token, a.id, { body: 'fixed typo' })).body).toMatchObject({ version: 4, status: 'published' });
    expect((await server.api('GET', '/api/kb/articles/nope/versions', { token: admin })).status).toBe(404);
  });

  it('lists articles for staff with status, language and word filters', async () => {
    const w = word();
    const zh = await create(admin, { title: `退款 ${w}`, body: `如何申请退款 ${w}`, language: 'zh', status: 'published' });
    const draft = await create(agent.token, { title: `Refunds ${w}`, body: `How refunds work ${w}` });
    type List = { articles: { id: string; status: string; language: string; body?: string }[]; total: number };
    const drafts = await server.api<List>('GET', '/api/kb/articles?status=draft&limit=100', { token: agent.token });
    expect(drafts.status).toBe(200);
    expect(drafts.body.articles.every((a) => a.status === 'draft')).toBe(true);
    expect(drafts.body.articles.map((a) => a.id)).toContain(draft.id);
    expect(drafts.body.articles[0]).not.toHaveProperty('body');
    const zhList = await server.api<List>('GET', '/api/kb/articles?language=zh&status=', { token: agent.token });
    expect(zhList.body.articles.map((a) => a.id)).toEqual([zh.id]);
    const byWord = await server.api<List>('GET', `/api/kb/articles?q=${w}`, { token: agent.token });
    expect(byWord.body.articles.map((a) => a.id).sort()).toEqual([zh.id, draft.id].sort());
    const both = await server.api<List>('GET', `/api/kb/articles?q=${w}&status=draft`, { token: agent.token });
    expect(both.body.articles.map((a) => a.id)).toEqual([draft.id]);
    expect((await server.api('GET', '/api/kb/articles')).status).toBe(401);
    const bad = await server.api<ErrorShape>('GET', '/api/kb/articles?status=bogus', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('status');
  });

  it('an unknown article is 404 ARTICLE_NOT_FOUND; a malformed id is 400 naming id', async () => {
    expect((await server.api<ErrorShape>('GET', `/api/kb/articles/${randomId('none')}`, { token: admin })).body.code).toBe('ARTICLE_NOT_FOUND');
    expect((await patch(admin, 'nope', { status: 'in_review' })).status).toBe(404);
    const bad = await server.api<ErrorShape>('GET', '/api/kb/articles/..%2Fetc', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('id');
  });
});
