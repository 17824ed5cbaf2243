// End to end in real Chromium: a visitor on /demo writes, an agent (REST API) answers and resolves,
// the widget asks "How did we do?", the visitor rates 5 with a comment, and the rating is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.skipIf(chromiumMissing)(`widget CSAT end to end${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    chrome = await launchChromium();
    admin = await server.login();
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  const widgetText = (page: Page) => page.evaluate(() => document.querySelector('switchboard-widget')?.shadowRoot?.textContent ?? '');

  it('a resolved chat asks for a rating; the visitor rates 5 and it is saved once', async () => {
    const context = await chrome.browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-US' });
    const visitor = await context.newPage();
    await visitor.goto(`${server.url}/demo`);
    await visitor.getByTestId('sb-launcher').click();
    const question = `Can I change my plan mid-month? ${Date.now()}`;
    await visitor.getByTestId('sb-input').fill(question);
    await visitor.getByTestId('sb-send').click();
    await expect.poll(() => visitor.getByTestId('sb-message').filter({ hasText: question }).getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');

    // Waiting for an agent: the place in line shows until someone answers.
    await visitor.getByTestId('sb-queue').waitFor({ timeout: 10_000 });
    await expect(visitor.getByTestId('sb-queue').textContent()).resolves.toContain('in line');

    const conversation = await server.app.ctx.db.conversation.findFirstOrThrow({ where: { channel: 'webchat' }, orderBy: { createdAt: 'desc' } });
    const answer = `Yes, changes apply pro rata. ${Date.now()}`;
    const reply = await server.api('POST', `/api/conversations/${conversation.id}/messages`, { token: admin, body: { body: answer } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    await visitor.getByTestId('sb-message').filter({ hasText: answer }).waitFor({ timeout: 10_000 });
    // An agent has answered: no place in line is shown any more.
    await expect.poll(() => visitor.getByTestId('sb-queue').isVisible()).toBe(false);

    const resolved = await server.api('POST', `/api/conversations/${conversation.id}/status`, { token: admin, body: { status: 'resolved' } });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);

    const card = visitor.getByTestId('sb-csat');
    await card.waitFor({ timeout: 15_000 });
    await expect(card.textContent()).resolves.toContain('How did we do?');
    const scores = visitor.getByTestId('sb-csat-score');
    await expect(scores.count()).resolves.toBe(5);
    await expect(scores.nth(0).getAttribute('aria-label')).resolves.toBe('1 of 5');
    // The card sits after the last message.
    await expect(visitor.evaluate(() => {
      const log = document.querySelector('switchboard-widget')?.shadowRoot?.querySelector('[role=log]');
      return log?.lastElementChild?.getAttribute('data-testid');
    })).resolves.toBe('sb-csat');
    await expect(visitor.getByTestId('sb-csat-submit').isDisabled()).resolves.toBe(true);

    await visitor.locator('[data-testid="sb-csat-score"][data-score="5"]').click();
    await expect(visitor.locator('[data-testid="sb-csat-score"][data-score="5"]').getAttribute('aria-pressed')).resolves.toBe('true');
    await visitor.getByTestId('sb-csat-comment').fill('Quick and clear <b>answer</b>');
    await visitor.getByTestId('sb-csat-submit').click();
    await visitor.getByTestId('sb-csat-thanks').waitFor({ timeout: 10_000 });
    await expect(visitor.getByTestId('sb-csat-thanks').textContent()).resolves.toBe('Thanks for your feedback!');

    const saved = await server.app.ctx.db.csatResponse.findUnique({ where: { conversationId: conversation.id } });
    expect(saved?.score).toBe(5);
    expect(saved?.comment).toBe('Quick and clear <b>answer</b>');
    const report = await server.api<{ responses: number; distribution: Record<string, number> }>('GET', '/api/reports/csat', { token: admin });
    expect(report.status).toBe(200);
    expect(report.body.distribution['5']).toBe(1);

    // Remembered per conversation, so a reload does not ask again.
    const rated = await visitor.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('switchboard:rated:')).map(([, v]) => v));
    expect(rated.join()).toContain(conversation.id);
    await visitor.reload();
    await visitor.getByTestId('sb-launcher').click();
    await visitor.getByTestId('sb-message').filter({ hasText: answer }).waitFor({ timeout: 10_000 });
    await expect(visitor.getByTestId('sb-csat').count()).resolves.toBe(0);
    expect(await widgetText(visitor)).not.toContain('How did we do?');
    await context.close();
  }, 90_000);
});
