// End to end in real Chromium: a visitor on /demo searches help articles in the widget before
// chatting, opens one (server-rendered, sanitized HTML), votes it helpful, and leaves without
// chatting, which counts as a deflection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.skipIf(chromiumMissing)(`knowledge-base self-service end to end${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let admin: string;
  let articleId: string;
  const word = `flumox${Math.random().toString(36).slice(2, 7)}`;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    chrome = await launchChromium();
    admin = await server.login();
    const res = await server.api<{ id: string }>('POST', '/api/kb/articles', {
      token: admin,
      body: {
        title: `Reset your ${word} password`,
        body: `Open **Settings → Security** and press *Reset ${word} password*.\n\n<script>window.__pwned = true</script>\n\n[Contact us](javascript:window.__pwned=true)`,
        status: 'published',
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    articleId = res.body.id;
    await server.api('POST', '/api/kb/articles', { token: admin, body: { title: `Draft about ${word}`, body: `Not yet ${word}.` } });
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  const counters = async () => (await server.api<{ views: number; helpful: number; notHelpful: number }>('GET', `/api/kb/articles/${articleId}`, { token: admin })).body;

  it('a visitor finds an article in the widget, reads it and votes it helpful; leaving without a chat is a deflection', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-US' });
    const visitor: Page = await context.newPage();
    await visitor.goto(`${server.url}/demo`);
    await visitor.getByTestId('sb-launcher').click();

    await visitor.getByTestId('sb-kb-search').fill(`${word} password`);
    const result = visitor.getByTestId('sb-kb-result').filter({ hasText: `Reset your ${word} password` });
    await result.waitFor({ timeout: 10_000 });
    // Drafts never reach visitors.
    await expect(visitor.getByTestId('sb-kb-result').filter({ hasText: 'Draft about' }).count()).resolves.toBe(0);
    await result.click();

    const article = visitor.getByTestId('sb-kb-article');
    await article.waitFor({ timeout: 10_000 });
    await expect(article.locator('strong').first().textContent()).resolves.toBe('Settings → Security');
    // Raw HTML shows as text, and the javascript: link is not a link at all.
    await expect(article.textContent()).resolves.toContain('<script>window.__pwned = true</script>');
    await expect(article.locator('script').count()).resolves.toBe(0);
    await expect(article.locator('a[href^="javascript:"]').count()).resolves.toBe(0);
    await expect(visitor.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false)).resolves.toBe(false);
    await expect.poll(async () => (await counters()).views, { timeout: 5_000 }).toBe(1);

    await visitor.getByTestId('sb-kb-helpful-yes').click();
    await visitor.getByTestId('sb-kb-thanks').waitFor({ timeout: 10_000 });
    expect(await counters()).toMatchObject({ helpful: 1, notHelpful: 0 });

    // Leaving the page without starting a chat sends the deflection beacon.
    await visitor.close({ runBeforeUnload: true });
    await context.close();
    type Stats = { totals: { deflections: number }; top: { id: string; deflections: number }[] };
    await expect.poll(async () => (await server.api<Stats>('GET', '/api/kb/stats', { token: admin })).body.totals.deflections, { timeout: 10_000 }).toBe(1);
    const stats = await server.api<Stats>('GET', '/api/kb/stats', { token: admin });
    expect(stats.body.top.find((a) => a.id === articleId)?.deflections).toBe(1);
  }, 90_000);

  it('"Still need help?" goes back to the chat, and a visitor who chats is not a deflection', async () => {
    const deflections = async () => (await server.api<{ totals: { deflections: number } }>('GET', '/api/kb/stats', { token: admin })).body.totals.deflections;
    const before = await deflections();
    const context = await chrome.browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-US' });
    const visitor = await context.newPage();
    await visitor.goto(`${server.url}/demo`);
    await visitor.getByTestId('sb-launcher').click();
    await visitor.getByTestId('sb-kb-search').fill(`${word}`);
    await visitor.getByTestId('sb-kb-result').first().click();
    await visitor.getByTestId('sb-kb-article').waitFor({ timeout: 10_000 });
    await visitor.getByTestId('sb-kb-chat').click();
    await expect(visitor.getByTestId('sb-kb-article').isVisible()).resolves.toBe(false);
    await visitor.getByTestId('sb-input').fill('The article did not cover my case.');
    await visitor.getByTestId('sb-send').click();
    await expect.poll(() => visitor.getByTestId('sb-message').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');
    // Once a conversation exists the chat is the help: the search goes away.
    await expect(visitor.getByTestId('sb-kb-search').isVisible()).resolves.toBe(false);
    await visitor.close({ runBeforeUnload: true });
    await context.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(await deflections()).toBe(before);
  }, 90_000);
});
