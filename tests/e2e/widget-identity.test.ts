// End to end in real Chromium: a host page passes a site-signed user to the widget. A valid hash
// links the visitor to that user; a forged one is refused, logged, and the chat still works anonymously.
// On a shared browser (one profile, one localStorage) nobody sees the previous signed user's chat,
// and the site's Switchboard.logout() starts a fresh visitor at once.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
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
  async function hostPage(attrs: Record<string, string>, shared?: BrowserContext): Promise<{ page: Page; warnings: string[] }> {
    const context = shared ?? (await chrome.browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-US' }));
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

  const signed = (userId: string) => ({ 'data-user-id': userId, 'data-user-hash': createHmac('sha256', secret()).update(userId).digest('hex') });
  const widgetText = (page: Page) => page.getByTestId('sb-panel').innerText();
  const customerOf = async (text: string) => (await server.app.ctx.db.message.findFirstOrThrow({ where: { body: text }, include: { conversation: true } })).conversation.customerId;

  it('a shared browser: after Alice signs out, neither the next anonymous page view nor Mallory sees her chat', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-US' });
    const alice = `alice-${Date.now()}`;
    const a = await hostPage(signed(alice), context);
    const secretText = `Alice: my card ends 4242 ${Date.now()}`;
    await chat(a.page, secretText);
    // An unsent message left in the queue must not be sent later by someone else either.
    await context.setOffline(true);
    const unsent = `Alice, unsent ${Date.now()}`;
    await a.page.getByTestId('sb-input').fill(unsent);
    await a.page.getByTestId('sb-send').click();
    await expect.poll(() => a.page.getByTestId('sb-message').filter({ hasText: unsent }).count(), { timeout: 10_000 }).toBe(1);
    await a.page.close();
    await context.setOffline(false);

    const anon = await hostPage({}, context);
    const anonText = `Anonymous on the same browser ${Date.now()}`;
    await chat(anon.page, anonText);
    expect(await widgetText(anon.page)).not.toContain(secretText);
    expect(await widgetText(anon.page)).not.toContain(unsent);
    expect(await customerOf(anonText)).not.toBe(await customerOf(secretText));
    await anon.page.close();

    const mallory = `mallory-${Date.now()}`;
    const m = await hostPage(signed(mallory), context);
    const malloryText = `Mallory here ${Date.now()}`;
    await chat(m.page, malloryText);
    expect(await widgetText(m.page)).not.toContain(secretText);
    expect(await customerOf(malloryText)).not.toBe(await customerOf(secretText));
    expect((await userIdentity(mallory))?.customerId).not.toBe((await userIdentity(alice))?.customerId);
    await expect(server.app.ctx.db.message.count({ where: { body: unsent } })).resolves.toBe(0);
    await context.close();
  }, 90_000);

  it('Switchboard.logout() on a single-page site starts a fresh visitor at once', async () => {
    const alice = `alice-spa-${Date.now()}`;
    const { page } = await hostPage(signed(alice));
    const before = `Before logout ${Date.now()}`;
    await chat(page, before);
    await page.evaluate(() => (window as unknown as { Switchboard: { logout(): void } }).Switchboard.logout());
    await expect.poll(() => page.getByTestId('sb-message').count(), { timeout: 10_000 }).toBe(0);
    const after = `After logout ${Date.now()}`;
    await page.getByTestId('sb-input').fill(after);
    await page.getByTestId('sb-send').click();
    await expect.poll(() => page.getByTestId('sb-message').filter({ hasText: after }).getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');
    expect(await widgetText(page)).not.toContain(before);
    expect(await customerOf(after)).not.toBe(await customerOf(before));
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('switchboard:')).map((k) => [k, localStorage.getItem(k)]));
    expect(JSON.stringify(stored)).not.toContain(alice);
    await page.context().close();
  }, 60_000);
});
