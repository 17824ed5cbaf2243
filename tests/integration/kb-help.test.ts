// The public help center: language redirect, category listing, search, article pages with escaped
// output and a strict CSP, view counting and no-JavaScript votes; only published articles appear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let admin: string;
  const w = `hc${Math.random().toString(36).slice(2, 8)}`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(db);
    admin = await server.login();
    const make = async (key: string, body: Record<string, unknown>) => {
      const res = await server.api<{ id: string }>('POST', '/api/kb/articles', { token: admin, body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[key] = res.body.id;
    };
    await make('reset', { title: `Reset your ${w} password`, body: `Open **Settings** and press Reset ${w}.\n\n<script>alert("pwn")</script>`, category: 'Account & <Security>', status: 'published' });
    await make('evil', { title: `<img src=x onerror=alert(1)> ${w} tips`, body: 'Plain tips.', category: null, status: 'published' });
    await make('zh', { title: `重置${w}密码`, body: `打开设置 ${w}`, language: 'zh', category: '账户', status: 'published' });
    await make('draft', { title: `Secret ${w} draft`, body: `Unreleased ${w}` });
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers, redirect: 'manual' });

  it('/help redirects to the visitor\'s language', async () => {
    expect((await get('/help')).headers.get('location')).toBe('/help/en');
    expect((await get('/help', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).headers.get('location')).toBe('/help/zh');
    expect((await get('/help', { 'accept-language': 'fr-FR, en;q=0.5, zh;q=0.7' })).headers.get('location')).toBe('/help/zh');
    expect((await get('/help', { 'accept-language': 'de' })).status).toBe(302);
  });

  it('/help/en lists published English articles by category, escaped, under a strict CSP', async () => {
    const res = await get('/help/en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    const html = await res.text();
    expect(html).toContain(`Reset your ${w} password`);
    expect(html).toContain('Account &amp; &lt;Security&gt;');
    expect(html).toContain(`&lt;img src=x onerror=alert(1)&gt; ${w} tips`);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('General');
    expect(html).not.toContain(`Secret ${w} draft`);
    expect(html).not.toContain(`重置${w}密码`);
    expect(html).not.toMatch(/<script/i);
  });

  it('/help/zh is in Chinese with the Chinese articles', async () => {
    const html = await (await get('/help/zh')).text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('帮助中心');
    expect(html).toContain(`重置${w}密码`);
    expect(html).not.toContain(`Reset your ${w} password`);
  });

  it('?q= searches published articles and escapes the query; a 10,000-character query is a 400 page', async () => {
    const res = await get(`/help/en?q=${encodeURIComponent(`${w} password <b>`)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="/help/en/${ids.reset}"`);
    expect(html).toContain(`${w} password &lt;b&gt;`);
    expect(html).not.toContain(`/help/en/${ids.draft}`);
    const long = await get(`/help/en?q=${'q'.repeat(10_000)}`);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('too long');
  });

  it('an article page renders Markdown with raw HTML escaped and counts the view', async () => {
    const before = (await server.api<{ views: number }>('GET', `/api/kb/articles/${ids.reset}`, { token: admin })).body.views;
    const res = await get(`/help/en/${ids.reset}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong>Settings</strong>');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Account &amp; &lt;Security&gt;');
    expect((await server.api<{ views: number }>('GET', `/api/kb/articles/${ids.reset}`, { token: admin })).body.views).toBe(before + 1);
  });

  it('drafts, unknown ids and unknown languages are 404 pages; a wrong language redirects', async () => {
    for (const path of [`/help/en/${ids.draft}`, '/help/en/nope', '/help/fr', '/help/en/..%2F..%2Fetc']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('text/html');
    }
    const moved = await get(`/help/en/${ids.zh}`);
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe(`/help/zh/${ids.zh}`);
  });

  it('a plain form votes without JavaScript and thanks the reader without counting a second view', async () => {
    const read = async () => (await server.api<{ views: number; helpful: number; notHelpful: number }>('GET', `/api/kb/articles/${ids.evil}`, { token: admin })).body;
    const before = await read();
    const res = await fetch(`${server.url}/help/en/${ids.evil}/vote`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'helpful=yes', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/help/en/${ids.evil}?voted=1`);
    const thanks = await (await get(`/help/en/${ids.evil}?voted=1`)).text();
    expect(thanks).toContain('Thanks for your feedback');
    expect(await read()).toMatchObject({ helpful: before.helpful + 1, notHelpful: before.notHelpful, views: before.views });
    const draftVote = await fetch(`${server.url}/help/en/${ids.draft}/vote`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'helpful=no', redirect: 'manual' });
    expect(draftVote.status).toBe(404);
    expect(draftVote.headers.get('content-type')).toContain('text/html');
  });
});
