// End to end in real Chromium, the staff side: write an article in the console's #/kb page, take it
// through review to published, then insert it into a reply from the suggestions and say it helped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, sendVisitorMessage, type Visitor } from '../integration/support.js';

describe.skipIf(chromiumMissing)(`knowledge base in the console${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let visitor: Visitor | undefined;
  const word = `quibbix${Math.random().toString(36).slice(2, 7)}`;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    chrome = await launchChromium();
    page = await (await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
    await signInToConsole(page, server.url, ADMIN);
  }, 60_000);

  afterAll(async () => {
    closeAll(visitor?.socket);
    await chrome?.close();
    await server?.close();
  });

  it('an article goes from a new draft through review to published, with a live preview and versions', async () => {
    await page.goto(`${server.url}/console#/kb/new`);
    await page.getByTestId('kb-title').fill(`Pair a ${word} headset`);
    await page.getByTestId('kb-body').fill(`Hold the **${word}** button for 5 seconds.\n\n<img src=x onerror="window.__pwned=true">`);
    // The preview is the server's renderMarkdown output: bold renders, raw HTML stays text.
    await page.getByTestId('kb-preview').locator('strong').filter({ hasText: word }).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('kb-preview').locator('img').count()).resolves.toBe(0);
    await page.getByTestId('kb-save').click();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 10_000 }).toMatch(/^#\/kb\/[A-Za-z0-9_-]+$/);
    const id = (await page.evaluate(() => location.hash)).split('/')[2]!;

    await page.getByTestId('kb-body').fill(`Hold the **${word}** button for 10 seconds until the light blinks.`);
    await page.getByTestId('kb-submit').click();
    await page.getByTestId('kb-editor').locator('.kb-status-in_review').waitFor({ timeout: 10_000 });
    await page.getByTestId('kb-publish').click();
    await page.getByTestId('kb-editor').locator('.kb-status-published').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('kb-version').count(), { timeout: 10_000 }).toBe(2);
    await expect(page.getByTestId('kb-archive').isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false)).resolves.toBe(false);

    const article = await server.api<{ status: string; version: number }>('GET', `/api/kb/articles/${id}`, { token: await server.login() });
    expect(article.body).toMatchObject({ status: 'published', version: 2 });
    const hits = await server.api<{ hits: { id: string }[] }>('GET', `/api/kb/search?q=${word}`);
    expect(hits.body.hits.map((h) => h.id)).toContain(id);
  }, 90_000);

  it('an agent inserts the suggested answer into the reply and records that it helped', async () => {
    visitor = await connectVisitor(server.url, { inboxToken: await server.inboxToken() });
    const { conversationId } = await sendVisitorMessage(visitor.socket, `My ${word} headset will not pair, what do I do?`);
    await page.goto(`${server.url}/console#/inbox/${conversationId}`);
    const suggestion = page.getByTestId('suggestion').filter({ hasText: `Pair a ${word} headset` }).first();
    await suggestion.waitFor({ timeout: 10_000 });
    await suggestion.getByTestId('suggestion-insert').click();
    await expect.poll(() => page.getByTestId('reply-input').inputValue(), { timeout: 10_000 }).toBe(`Hold the ${word} button for 10 seconds until the light blinks.`);

    await page.getByTestId('kb-helped-yes').click();
    await page.getByTestId('kb-helped').filter({ hasText: 'Thanks' }).waitFor({ timeout: 10_000 });
    type Stats = { totals: { usage: number; usageHelped: number } };
    const stats = await server.api<Stats>('GET', '/api/kb/stats', { token: await server.login() });
    expect(stats.body.totals).toMatchObject({ usage: 1, usageHelped: 1 });
  }, 90_000);
});
