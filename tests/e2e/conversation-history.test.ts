// End to end in real Chromium (#19): a conversation of 300 messages opens with the newest 50;
// scrolling up loads older ones and keeps the message the agent was reading in place; the
// "Load older messages" button does the same from the keyboard. SCREENSHOT_DIR=<dir> saves views.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, sendVisitorMessage, type Visitor } from '../integration/support.js';

const TOTAL = 300;

describe.skipIf(chromiumMissing)(`console thread history${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let visitor: Visitor | undefined;
  let conversationId: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    chrome = await launchChromium();
    visitor = await connectVisitor(server.url, { inboxToken: await server.inboxToken() });
    const first = await sendVisitorMessage(visitor.socket, 'message 0: my order has not arrived');
    conversationId = first.conversationId;
    const db = server.app.ctx.db;
    const c = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const t0 = Date.now() - 3_600_000;
    await db.message.createMany({
      data: Array.from({ length: TOTAL - 1 }, (_, k) => {
        const i = k + 1;
        return { conversationId, inboxId: c.inboxId, direction: i % 3 ? 'in' : 'out', authorKind: i % 3 ? 'customer' : 'agent', body: `message ${i}: ${i % 3 ? 'still waiting for the parcel' : 'let me check that for you'}`, createdAt: new Date(t0 + i * 1000) };
      }),
    });
  }, 60_000);

  afterAll(async () => {
    closeAll(visitor?.socket);
    await chrome?.close();
    await server?.close();
  });

  const open = async (viewport: { width: number; height: number }, locale = 'en-US') => {
    const page = await (await chrome.browser.newContext({ viewport, locale })).newPage();
    if (locale.startsWith('zh')) await page.addInitScript(() => localStorage.setItem('sb.lang', 'zh'));
    await signInToConsole(page, server.url, ADMIN);
    await page.goto(`${server.url}/console#/inbox/${conversationId}`);
    await page.getByTestId('message').last().waitFor({ timeout: 10_000 });
    return page;
  };
  const bodies = (page: Page) => page.getByTestId('message').locator('.msg-body').allTextContents();
  const shot = async (page: Page, name: string) => {
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`) });
  };

  it('opens with the newest 50; scrolling up loads 50 more and keeps the view in place', async () => {
    const page = await open({ width: 1440, height: 900 });
    await expect.poll(async () => (await bodies(page)).length).toBe(50);
    expect((await bodies(page))[49]).toMatch(/^message 299:/);
    await expect.poll(() => page.locator('.thread').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(5);
    await shot(page, 'thread-1440-opened');

    // Scroll to the top: the oldest shown ("message 250") must stay where it was once 50 more are above it.
    const thread = page.locator('.thread');
    const oldest = page.getByTestId('message').filter({ hasText: 'message 250:' });
    await thread.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect.poll(async () => (await bodies(page)).length, { timeout: 10_000 }).toBe(100);
    expect((await bodies(page))[0]).toMatch(/^message 200:/);
    const box = await oldest.boundingBox();
    const view = await thread.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(view!.y - 1);
    expect(box!.y).toBeLessThan(view!.y + view!.height);
    await shot(page, 'thread-1440-older');
    await page.context().close();
  }, 90_000);

  it('the keyboard loads older pages with the button, to the beginning, on a phone in Chinese', async () => {
    const page = await open({ width: 390, height: 844 }, 'zh-CN');
    await expect.poll(async () => (await bodies(page)).length).toBe(50);
    await shot(page, 'thread-390-opened');
    const more = page.getByRole('button', { name: '加载更早的消息' });
    for (let n = 100; n <= TOTAL; n += 50) {
      await more.focus();
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await bodies(page)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(n);
    }
    const all = await bodies(page);
    expect(all.length).toBe(TOTAL);
    expect(all.map((b) => Number(/^message (\d+):/.exec(b)![1]))).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    await page.getByText('这是对话的开始。').waitFor();
    await expect(more.count()).resolves.toBe(0);
    await page.locator('.thread').evaluate((el) => el.scrollTo({ top: 0 }));
    await shot(page, 'thread-390-start');
    await page.context().close();
  }, 90_000);
});
