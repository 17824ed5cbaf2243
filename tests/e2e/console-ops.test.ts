// End to end in real Chromium, the supervisor/admin side: reports with CSV export, correcting a
// conversation's type, live supervisor queue, and an email inbox whose server validation error is
// shown on the field it names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, sendVisitorMessage, type Visitor } from '../integration/support.js';

describe.skipIf(chromiumMissing)(`console reports, supervision and admin${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let visitor: Visitor | undefined;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    chrome = await launchChromium();
    page = await (await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true })).newPage();
    await signInToConsole(page, server.url, ADMIN);
  }, 60_000);

  afterAll(async () => {
    closeAll(visitor?.socket);
    await chrome?.close();
    await server?.close();
  });

  it('corrects the type, sees the conversation in the live queue, and reads it in the reports with a CSV export', async () => {
    visitor = await connectVisitor(server.url, { inboxToken: await server.inboxToken() });
    const { conversationId } = await sendVisitorMessage(visitor.socket, 'I was charged twice for my <b>invoice</b>');
    await page.goto(`${server.url}/console#/inbox/${conversationId}`);
    const select = page.getByTestId('type-select');
    await select.waitFor({ timeout: 10_000 });
    const next = (await select.inputValue()) === 'sales' ? 'complaint' : 'sales';
    await select.selectOption(next);
    await expect.poll(async () => (await server.api<{ type: string }>('GET', `/api/conversations/${conversationId}`, { token: await server.login() })).body.type, { timeout: 10_000 }).toBe(next);

    await page.goto(`${server.url}/console#/supervisor`);
    await page.getByTestId('overview-table').waitFor({ timeout: 10_000 });
    await page.getByTestId('channel-table').locator('[data-channel="webchat"]').waitFor({ timeout: 10_000 });

    await page.goto(`${server.url}/console#/reports`);
    await page.getByTestId('report-volume').locator('svg.line-chart').waitFor({ timeout: 10_000 });
    await page.getByTestId('report-agents').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.getByTestId('csv-volume').click()]);
    expect(download.suggestedFilename()).toMatch(/^volume-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  }, 90_000);

  it('adds an email inbox: a bad port is shown on its field, then the password shows as set', async () => {
    await page.goto(`${server.url}/console#/admin`);
    await page.getByTestId('inbox-add').click();
    await page.getByTestId('inbox-name').fill('Support mail');
    const field = (path: string) => page.getByTestId('inbox-form').locator(`[data-field="${path}"]`);
    await field('address').fill('support@example.com');
    await field('imap.host').fill('127.0.0.1');
    await field('imap.port').fill('1');
    await field('imap.user').fill('support');
    await field('imapPassword').fill('secret-password');
    await field('smtp.host').fill('127.0.0.1');
    await field('smtp.port').fill('70000');
    await page.getByTestId('inbox-save').click();
    await page.getByTestId('inbox-form').locator('.field-error').filter({ hasText: 'smtp.port' }).waitFor({ timeout: 10_000 });
    await expect(field('smtp.port').getAttribute('aria-invalid')).resolves.toBe('true');

    await field('smtp.port').fill('2525');
    await page.getByTestId('inbox-save').click();
    const row = page.getByTestId('inbox-table').locator('tr', { hasText: 'Support mail' });
    await row.waitFor({ timeout: 10_000 });
    await row.getByRole('button', { name: /Edit/ }).click();
    await page.getByTestId('secret-set-imapPassword').waitFor({ timeout: 10_000 });
    await expect(field('imapPassword').inputValue()).resolves.toBe('');
  }, 60_000);
});
