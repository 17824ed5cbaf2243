// End to end in real Chromium: an agent's Markdown (bold, a list, code, links) renders in the
// console and in the widget, links are safe (http(s)/mailto only, new tab, no opener), and the
// visitor, writing from /demo in Berlin, is told apart in the list as "Visitor N · Berlin · /demo".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshot, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';

describe.skipIf(chromiumMissing)(`links, formatting and visitor names${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let agent: Page;
  let customer: Page;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    chrome = await launchChromium();
    agent = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    customer = await (await chrome.browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' })).newPage();
    await signInToConsole(agent, server.url, ADMIN);
  }, 60_000);
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('an agent\'s Markdown reaches the widget formatted, with safe links only', async () => {
    await customer.goto(`${server.url}/demo`);
    await customer.getByTestId('sb-launcher').click();
    await customer.getByTestId('sb-input').fill('How do I reset my password?');
    await customer.getByTestId('sb-send').click();
    await expect.poll(() => customer.getByTestId('sb-message').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');

    await agent.getByTestId('filter-all').click();
    const item = agent.getByTestId('conversation-item').filter({ hasText: 'How do I reset my password?' });
    await item.waitFor({ timeout: 10_000 });
    // Told apart: a number, the city of the browser's zone, the page.
    expect(await item.textContent()).toMatch(/Visitor \d{4} · Berlin · \/demo/);
    await item.click();
    const reply = 'Here is how:\n1. Open **Settings**\n2. Click `Reset`\n\nGuide: https://help.example.com/reset or mailto:help@example.com — not javascript:alert(1)';
    await agent.getByTestId('reply-input').fill(reply);
    await agent.getByTestId('reply-send').click();

    const inConsole = agent.getByTestId('message').filter({ hasText: 'Here is how' });
    await inConsole.waitFor({ timeout: 10_000 });
    expect(await inConsole.locator('strong').textContent()).toBe('Settings');
    expect(await inConsole.locator('ol li').count()).toBe(2);
    const consoleLinks = await inConsole.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')]));
    expect(consoleLinks).toEqual([['https://help.example.com/reset', 'noopener noreferrer nofollow', '_blank'], ['mailto:help@example.com', 'noopener noreferrer nofollow', '_blank']]);
    await screenshot(agent, 'formatted-console-desktop-en');

    const bubble = customer.getByTestId('sb-message').filter({ hasText: 'Here is how' });
    await bubble.waitFor({ timeout: 10_000 });
    expect(await bubble.locator('strong').textContent()).toBe('Settings');
    expect(await bubble.locator('code').textContent()).toBe('Reset');
    const widgetLinks = await bubble.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')]));
    expect(widgetLinks).toEqual([['https://help.example.com/reset', 'noopener noreferrer nofollow', '_blank'], ['mailto:help@example.com', 'noopener noreferrer nofollow', '_blank']]);
    expect(await bubble.textContent()).toContain('javascript:alert(1)');
    await screenshot(customer, 'formatted-widget-desktop');
    await customer.setViewportSize({ width: 390, height: 844 });
    await screenshot(customer, 'formatted-widget-phone');
  }, 90_000);
});
