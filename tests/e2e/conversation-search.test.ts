// Conversation search in real Chromium (issue #20 item 3): the one search box finds a year-old
// resolved conversation by a word deep in its history, from the keyboard, shows the hit
// highlighted, and opening it scrolls the thread to that message. Screenshots at 1440x900 and
// 390x844 (en) and 1440x900 (zh) go to SCREENSHOT_DIR when set.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';

const SHOTS = process.env.SCREENSHOT_DIR;
const WORD = 'zeppelinwidget';

describe.skipIf(chromiumMissing)(`conversation search${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let conversationId: string;
  let hitId: number;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const inboxId = (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
    const say = (visitor: string, text: string, n: number) => server.app.ctx.ingest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: visitor, verified: true }, text, clientMessageId: `e2e-${visitor}-${n}` });
    // The old conversation: 60 messages, the hit in the middle, so opening it must scroll up to it.
    for (let i = 0; i < 60; i++) {
      const r = await say('old-visitor', i === 20 ? `The ${WORD} I bought <last year> keeps rattling, I want a refund` : `message number ${i} about shipping and other things`, i);
      conversationId = r.conversationId;
      if (i === 20) hitId = r.messageId;
    }
    const yearAgo = new Date(Date.now() - 380 * 86_400_000);
    await server.app.ctx.db.message.updateMany({ where: { conversationId }, data: { createdAt: yearAgo } });
    const conversation = await server.app.ctx.db.conversation.update({ where: { id: conversationId }, data: { status: 'resolved', resolvedAt: yearAgo, lastMessageAt: yearAgo, createdAt: yearAgo } });
    await server.app.ctx.db.customer.update({ where: { id: conversation.customerId }, data: { name: 'Greta Lindqvist', email: 'greta@example.com' } });
    // Recent ones that also match, and Chinese ones.
    for (const [v, text] of [['new-1', `Is the ${WORD} back in stock?`], ['new-2', `Shipping question about the ${WORD} pro`], ['new-3', '你好，我要退款'], ['new-4', 'Hello, anyone there?']] as const) await say(v, text, 0);
    chrome = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  async function consolePage(width: number, height: number): Promise<Page> {
    const page = await (await chrome.browser.newContext({ viewport: { width, height }, locale: 'en-US' })).newPage();
    await signInToConsole(page, server.url, ADMIN);
    return page;
  }
  const shot = (page: Page, name: string) => (SHOTS ? page.screenshot({ path: path.join(SHOTS, name) }) : Promise.resolve());

  it('finds the year-old conversation from the keyboard and opens it scrolled to the hit', async () => {
    const page = await consolePage(1440, 900);
    // The default list shows open conversations only: the old one is not there.
    await page.getByTestId('conversation-item').first().waitFor();
    expect(await page.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`).count()).toBe(0);

    await page.keyboard.press('/');
    await page.keyboard.type(WORD);
    const results = page.getByTestId('search-result');
    await expect.poll(() => results.count(), { timeout: 10_000 }).toBe(3);
    const old = page.locator(`[data-testid="search-result"][data-conversation-id="${conversationId}"]`);
    expect(await old.getAttribute('data-message-id')).toBe(String(hitId));
    expect(await old.locator('mark').first().textContent()).toBe(WORD);
    expect(await old.textContent()).toContain('<last year>'); // escaped text shown as text, not markup
    await shot(page, 'search-results-1440x900.png');

    // Newest hit first: the old conversation is the third; arrows move, Enter opens.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[role="option"][aria-selected="true"] [data-testid="search-result"]').getAttribute('data-conversation-id')).toBe(conversationId);
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => location.hash === h, `#/inbox/${conversationId}/m/${hitId}`);
    const hit = page.locator(`[data-testid="message"][data-message-id="${hitId}"]`);
    await hit.waitFor();
    expect(await hit.getAttribute('data-hit')).toBe('true');
    // Scrolled to the hit: it is inside the thread's visible box, and the newest message is not.
    await expect.poll(async () => {
      const thread = await page.locator('.thread').boundingBox();
      const box = await hit.boundingBox();
      return !!thread && !!box && box.y >= thread.y && box.y + box.height <= thread.y + thread.height;
    }).toBe(true);
    const newest = await page.getByTestId('message').last().boundingBox();
    const thread = await page.locator('.thread').boundingBox();
    expect(newest!.y).toBeGreaterThan(thread!.y + thread!.height);
    await shot(page, 'search-opened-1440x900.png');

    // Esc clears the search and the list comes back.
    await page.locator('[data-testid="search-input"]').focus();
    await page.keyboard.press('Escape');
    await page.getByTestId('conversation-item').first().waitFor();
    expect(await results.count()).toBe(0);
    await page.context().close();
  });

  it('works on a phone and in Chinese: 退款 finds 我要退款', async () => {
    const phone = await consolePage(390, 844);
    await phone.getByTestId('search-input').fill(WORD);
    await expect.poll(() => phone.getByTestId('search-result').count(), { timeout: 10_000 }).toBe(3);
    await shot(phone, 'search-results-390x844.png');
    await phone.context().close();

    const zh = await consolePage(1440, 900);
    await zh.getByTestId('lang-switch').click();
    await zh.waitForFunction(() => document.querySelector('[data-testid="lang-switch"]')?.getAttribute('data-lang') === 'zh');
    await zh.getByTestId('search-input').fill('退款');
    const result = zh.getByTestId('search-result');
    await expect.poll(() => result.count(), { timeout: 10_000 }).toBe(1);
    expect(await result.locator('mark').textContent()).toBe('退款');
    expect(await zh.getByTestId('search-input').getAttribute('placeholder')).toContain('搜索');
    await shot(zh, 'search-results-zh-1440x900.png');
    await zh.context().close();
  });
});
