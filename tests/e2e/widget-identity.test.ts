// End to end in real Chromium: a host page passes a site-signed user to the widget. A valid hash
// links the visitor to that user; a forged one is refused, logged, and the chat still works anonymously.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.skipIf(chromiumMissing)(`widget signed identity end to end${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let inbox: { id: string; publicToken: string; settings: unknown };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    chrome = await launchChromium();
    inbox = await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } });
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  /** A host page on the server's origin (served by the browser itself) with the given script attributes. */
  async function hostPage(attrs: Record<string, string>): Promise<{ page: Page; warnings: string[] }> {
    const context = await chrome.browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const extra = Object.entries(attrs).map(([k, v]) => ` ${k}="${v}"`).join('');
    await page.route(`${server.url}/host-site`, (route) => route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><body><h1>Shop</h1><script src="${server.url}/widget.js" data-inbox="${inbox.publicToken}"${extra}></script></body></html>`,
    }));
    await page.goto(`${server.url}/host-site`);
    return { page, warnings };
  }

  async function chat(page: Page, text: string): Promise<void> {
    await page.getByTestId('sb-launcher').click();
    await page.getByTestId('sb-input').fill(text);
    await page.getByTestId('sb-send').click();
    await expect.poll(() => page.getByTestId('sb-message').filter({ hasText: text }).getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');
  }

  const secret = () => (inbox.settings as { identitySecret: string }).identitySecret;
  const userIdentity = (userId: string) => server.app.ctx.db.customerIdentity.findUnique({ where: { kind_value: { kind: 'user', value: `${inbox.id}:${userId}` } } });

  it('a valid signature links the visitor to the site user', async () => {
    const userId = `u-${Date.now()}`;
    const { page, warnings } = await hostPage({ 'data-user-id': userId, 'data-user-hash': createHmac('sha256', secret()).update(userId).digest('hex') });
    const text = `Signed in and asking ${Date.now()}`;
    await chat(page, text);
    const identity = await userIdentity(userId);
    expect(identity?.verified).toBe(true);
    const message = await server.app.ctx.db.message.findFirstOrThrow({ where: { body: text }, include: { conversation: true } });
    expect(message.conversation.customerId).toBe(identity?.customerId);
    expect(warnings.join('\n')).not.toContain('INVALID_SIGNATURE');
    // Nobody has answered and no agent is online: the widget shows the visitor's place in line.
    const queue = page.getByTestId('sb-queue');
    await queue.waitFor({ timeout: 10_000 });
    await expect(queue.textContent()).resolves.toMatch(/^You are number 1 in line — about \d+ min$/);
    await page.context().close();
  }, 60_000);

  it('a forged signature logs a warning and the visitor chats anonymously', async () => {
    const userId = `forged-${Date.now()}`;
    const { page, warnings } = await hostPage({ 'data-user-id': userId, 'data-user-hash': 'ab'.repeat(32) });
    const text = `Anonymous after a bad hash ${Date.now()}`;
    await chat(page, text);
    expect(warnings.join('\n')).toContain('INVALID_SIGNATURE');
    await expect(userIdentity(userId)).resolves.toBeNull();
    await expect(server.app.ctx.db.message.count({ where: { body: text } })).resolves.toBe(1);
    await page.context().close();
  }, 60_000);
});
