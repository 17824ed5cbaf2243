// End to end in real Chromium: an agent saves a reply on the Saved replies page, types "/" in a
// conversation's composer, picks it with the keyboard, sees what will be sent, and the visitor gets
// it filled; a placeholder without data blocks sending until the agent fills it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshot, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, sendVisitorMessage, waitForEvent, type Visitor } from '../integration/support.js';

describe.skipIf(chromiumMissing)(`saved replies in the console${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let visitor: Visitor | undefined;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    chrome = await launchChromium();
    page = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    await signInToConsole(page, server.url, ADMIN);
  }, 60_000);
  afterAll(async () => {
    closeAll(visitor?.socket);
    await chrome?.close();
    await server?.close();
  });

  it('creates a reply on the Saved replies page', async () => {
    await page.goto(`${server.url}/console#/replies`);
    await page.getByTestId('canned-new').click();
    await page.getByTestId('canned-shortcut').fill('greet');
    await page.getByTestId('canned-title').fill('Greeting');
    await page.getByTestId('canned-body').fill('Hello, this is {{agent.name}}. How can I help?');
    await page.getByTestId('canned-save').click();
    await page.getByTestId('canned-rows').getByText('/greet').waitFor({ timeout: 10_000 });
    const token = await server.login();
    const other = await server.api('POST', '/api/canned-responses', { token, body: { shortcut: 'gift', title: 'Gift card', body: 'Dear {{customer.name}}, here is your gift card.' } });
    expect(other.status).toBe(201);
    await page.reload();
    await page.getByTestId('canned-rows').getByText('/gift').waitFor({ timeout: 10_000 });
    await screenshot(page, 'replies-desktop-en');
  }, 60_000);

  it('"/" opens the picker; arrows, Enter insert the filled reply; it reaches the visitor', async () => {
    visitor = await connectVisitor(server.url, { inboxToken: await server.inboxToken() });
    const { conversationId } = await sendVisitorMessage(visitor.socket, 'Hi, I need some help');
    await page.goto(`${server.url}/console#/inbox/${conversationId}`);
    const input = page.getByTestId('reply-input');
    await input.waitFor({ timeout: 10_000 });
    await input.click();
    await input.pressSequentially('/g');
    const picker = page.getByTestId('canned-picker');
    await picker.getByTestId('canned-option').first().waitFor({ timeout: 10_000 });
    expect(await picker.getByTestId('canned-option').count()).toBe(2);
    await page.getByTestId('canned-preview').waitFor({ timeout: 10_000 });
    await screenshot(page, 'picker-desktop-en');
    const selected = () => picker.locator('[aria-selected="true"]').textContent();
    const first = await selected();
    await page.keyboard.press('ArrowDown');
    await expect.poll(selected).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    await expect.poll(selected).toBe(first);
    expect(await input.getAttribute('aria-activedescendant')).toBeTruthy();
    // Narrow to one, then Esc closes without touching the draft.
    await input.pressSequentially('r');
    await expect.poll(() => picker.getByTestId('canned-option').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => picker.count()).toBe(0);
    expect(await input.inputValue()).toBe('/gr');
    await page.keyboard.press('Backspace');
    await input.pressSequentially('r');
    await picker.getByTestId('canned-option').first().waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('Hello, this is Admin. How can I help?');
    const got = waitForEvent<{ body: string }>(visitor.socket, 'message.created', (m) => m.body.startsWith('Hello, this is'));
    await page.getByTestId('reply-send').click();
    expect((await got).body).toMatch(/^Hello, this is .+\. How can I help\?$/);
  }, 60_000);

  it('a placeholder without data stays visible and blocks sending until filled', async () => {
    const input = page.getByTestId('reply-input');
    await input.click();
    await input.pressSequentially('/gift');
    const option = page.getByTestId('canned-picker').getByTestId('canned-option').first();
    await option.waitFor({ timeout: 10_000 });
    await page.getByTestId('canned-preview').getByText('{{customer.name}}').first().waitFor({ timeout: 10_000 });
    await option.click();
    await expect.poll(() => input.inputValue()).toBe('Dear {{customer.name}}, here is your gift card.');
    await page.getByTestId('reply-unfilled').waitFor();
    expect(await page.getByTestId('reply-send').isDisabled()).toBe(true);
    await input.fill('Dear friend, here is your gift card.');
    expect(await page.getByTestId('reply-send').isDisabled()).toBe(false);
    const used = await server.api<{ items: { shortcut: string; useCount: number }[] }>('GET', '/api/canned-responses', { token: await server.login() });
    expect(Object.fromEntries(used.body.items.map((r) => [r.shortcut, r.useCount]))).toEqual({ greet: 1, gift: 1 });
  }, 60_000);

  it('fits a phone and speaks Chinese', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const input = page.getByTestId('reply-input');
    await input.fill('');
    await input.pressSequentially('/g');
    await page.getByTestId('canned-preview').waitFor({ timeout: 10_000 });
    await screenshot(page, 'picker-phone-en');
    // No sideways scrolling of the page at 390 px: the top bar wraps, its links scroll in their own strip.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.keyboard.press('Escape');
    await page.evaluate(() => localStorage.setItem('sb.lang', 'zh'));
    await page.goto(`${server.url}/console#/replies`);
    await page.reload();
    await page.getByTestId('canned-rows').waitFor({ timeout: 10_000 });
    await screenshot(page, 'replies-phone-zh');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('canned-new').click();
    await screenshot(page, 'replies-form-desktop-zh');
  }, 60_000);
});
