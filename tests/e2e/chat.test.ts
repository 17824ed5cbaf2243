// End to end in real Chromium: a customer on /demo writes, an agent in /console sees it live and
// answers, the customer sees the answer; the agent's private note never reaches the widget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';

describe.skipIf(chromiumMissing)(`web chat end to end${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let customer: Page;
  let agent: Page;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    chrome = await launchChromium();
    browser = chrome.browser;
    agent = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
    customer = await (await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-US' })).newPage();
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('a customer asks, an agent answers live, and a private note stays private', async () => {
    await signInToConsole(agent, server.url, ADMIN);

    await customer.goto(`${server.url}/demo`);
    await customer.getByTestId('sb-launcher').click();
    const question = `Hello, how much is the business plan for 20 seats? ${Date.now()}`;
    await customer.getByTestId('sb-input').fill(question);
    await customer.getByTestId('sb-send').click();
    // Acknowledged only once stored: the bubble turns "sent" after the server's ack.
    await expect.poll(() => customer.getByTestId('sb-message').filter({ hasText: question }).getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');

    // The agent sees the new conversation appear without reloading.
    await agent.getByTestId('filter-all').click();
    const item = agent.getByTestId('conversation-item').filter({ hasText: question.slice(0, 30) });
    await item.waitFor({ timeout: 10_000 });
    await item.click();
    await agent.getByTestId('message').filter({ hasText: question }).waitFor();

    const note = `internal: check the discount table ${Date.now()}`;
    await agent.getByTestId('note-toggle').click();
    await agent.getByTestId('reply-input').fill(note);
    await agent.getByTestId('reply-send').click();
    await agent.locator('[data-testid="message"][data-private="true"]').filter({ hasText: note }).waitFor();

    const answer = `The business plan is $12 per seat per month. ${Date.now()}`;
    if ((await agent.getByTestId('note-toggle').getAttribute('aria-pressed')) === 'true') await agent.getByTestId('note-toggle').click();
    await agent.getByTestId('reply-input').fill(answer);
    await agent.getByTestId('reply-send').click();

    // The answer reaches the customer; the note, sent before it, never does.
    await customer.getByTestId('sb-message').filter({ hasText: answer }).waitFor({ timeout: 10_000 });
    await expect(customer.getByTestId('sb-message').filter({ hasText: 'internal: check the discount table' }).count()).resolves.toBe(0);
    const widgetText = await customer.evaluate(() => document.querySelector('switchboard-widget')?.shadowRoot?.textContent ?? '');
    expect(widgetText).toContain(answer);
    expect(widgetText).not.toContain(note);

    // After a reload the customer keeps the conversation (visitor token in localStorage).
    await customer.reload();
    await customer.getByTestId('sb-launcher').click();
    await customer.getByTestId('sb-message').filter({ hasText: answer }).waitFor({ timeout: 10_000 });
    await expect(customer.getByTestId('sb-message').filter({ hasText: 'internal: check the discount table' }).count()).resolves.toBe(0);
  }, 90_000);
});
