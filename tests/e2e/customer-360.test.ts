// End to end in real Chromium, Customer 360 editing: an admin imports a purchases CSV with bad lines
// and watches the progress bar finish and the error report (agents are offered no import); a
// pre-sales chat becomes a lead whose stage is then moved by keyboard; custom attributes are added,
// edited (HTML stays text) and removed, and the API shows what was saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';
import { randomId } from '../integration/support.js';

const GOOD_ROWS = 1_200; // more than one import batch (500), so progress moves in steps
/** Bad rows by the 0-based row index they replace; row i sits on line i + 2 (line 1 is the header). */
const BAD: Record<number, { cells: string; field: string }> = {
  1: { cells: 'abc,EUR,2026-01-05,bad1@example.com,Bad One,', field: 'amount' },
  8: { cells: '10.00,EUR,2026-01-05,not-an-email,Bad Two,', field: 'email' },
  18: { cells: '10.00,EUR,someday,bad3@example.com,Bad Three,', field: 'purchasedAt' },
  28: { cells: '10.00,EURO,2026-01-05,bad4@example.com,Bad Four,', field: 'currency' },
};

function purchasesCsv(prefix: string): string {
  const lines = ['orderNumber,amount,currency,purchasedAt,email,name,items'];
  for (let i = 0; i < GOOD_ROWS; i++) {
    const bad = BAD[i];
    lines.push(bad ? `${prefix}-${i},${bad.cells}` : `${prefix}-${i},${(i % 90) + 10}.50,EUR,2026-01-05,buyer${i % 40}@${prefix}.example.com,Buyer ${i % 40},sku-${i}`);
  }
  return lines.join('\r\n') + '\r\n';
}

describe.skipIf(chromiumMissing)(`console Customer 360${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    token = await server.login();
    chrome = await launchChromium();
    page = await (await chrome.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' })).newPage();
    await signInToConsole(page, server.url, ADMIN);
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.app.ctx.routing.stop();
    await server?.close();
  });

  it('imports a CSV with bad lines: the progress bar completes and the report names line, field and reason', async () => {
    const prefix = randomId('imp').replace(/[^a-z0-9-]/gi, '');
    await page.goto(`${server.url}/console#/customers`);
    await page.getByTestId('import-file').setInputFiles({ name: 'purchases.csv', mimeType: 'text/csv', buffer: Buffer.from(purchasesCsv(prefix)) });
    await page.getByTestId('import-upload').click();

    const bar = page.getByTestId('import-progress');
    await bar.waitFor({ timeout: 10_000 });
    expect(await bar.getAttribute('role')).toBe('progressbar');
    expect(await bar.getAttribute('aria-valuemax')).toBe(String(GOOD_ROWS));
    await expect.poll(() => page.getByTestId('import-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    expect(await bar.getAttribute('aria-valuenow')).toBe(String(GOOD_ROWS));
    expect(await bar.getAttribute('aria-valuetext')).toBe('1,200 of 1,200 rows');
    expect(await page.getByTestId('import-summary').textContent()).toBe('Import finished: 1,196 added, 0 already known, 4 with errors.');

    const rows = page.getByTestId('import-errors').locator('tbody tr');
    expect(await rows.count()).toBe(4);
    for (const [index, bad] of Object.entries(BAD)) {
      const row = page.getByTestId('import-errors').locator(`tbody tr[data-line="${Number(index) + 2}"]`);
      const cells = await row.locator('td').allTextContents();
      expect(cells[0]).toBe(String(Number(index) + 2));
      expect(cells[1]).toBe(bad.field);
      expect(cells[2]!.length).toBeGreaterThan(5);
    }
    // The report takes keyboard focus once the job ends.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Rows with errors (4)');
    expect(await server.app.ctx.db.purchase.count({ where: { orderNumber: { startsWith: `${prefix}-` } } })).toBe(GOOD_ROWS - 4);

    // The job is remembered for the tab: leaving the page and coming back shows its report again.
    await page.goto(`${server.url}/console#/inbox`);
    await page.goto(`${server.url}/console#/customers`);
    await expect.poll(() => page.getByTestId('import-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    expect(await page.getByTestId('import-errors').locator('tbody tr').count()).toBe(4);

    // A file without the needed columns is refused with the server's reason.
    await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('foo,bar\n1,2\n') });
    await page.getByTestId('import-upload').click();
    await expect.poll(() => page.getByTestId('import-rejected').textContent(), { timeout: 10_000 }).toContain('orderNumber');

    // Agents cannot import (the route needs a supervisor), so their page offers no import.
    const agent = { email: `${randomId('agent')}@test.local`, password: 'agent password 123' };
    const created = await server.api('POST', '/api/users', { token, body: { ...agent, name: 'Agent', role: 'agent', teamIds: [], locale: 'en' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const agentPage = await (await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
    await signInToConsole(agentPage, server.url, agent);
    await agentPage.goto(`${server.url}/console#/customers`);
    await agentPage.getByTestId('customer-search').waitFor();
    expect(await agentPage.getByTestId('purchase-import').count()).toBe(0);
    await agentPage.context().close();
  }, 90_000);

  it('creates a lead from a conversation, edits its stage by keyboard, and edits custom attributes', async () => {
    const inboxId = (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
    const msg = await server.app.ctx.ingest.receive({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: randomId('v'), verified: true }, text: 'How much is the business plan for 20 seats?', clientMessageId: randomId('c') });
    await page.goto(`${server.url}/console#/inbox/${msg.conversationId}`);
    const leads = page.getByTestId('customer-leads');
    await leads.waitFor({ timeout: 10_000 });
    expect(await leads.locator('.sub-title').textContent()).toBe('Leads (0)');

    await leads.getByTestId('lead-new').locator('summary').click();
    const form = leads.getByTestId('lead-new').getByTestId('lead-form');
    expect(await form.getByTestId('lead-conversation').inputValue()).toBe(msg.conversationId);
    await form.getByTestId('lead-value-input').fill('12x');
    await form.getByTestId('lead-submit').click();
    await form.getByRole('alert').filter({ hasText: 'Enter an amount' }).waitFor();
    await form.getByTestId('lead-value-input').fill('1250.50');
    await form.getByTestId('lead-stage-select').selectOption('qualified');
    await form.getByTestId('lead-submit').click();
    const row = leads.getByTestId('lead-row');
    await expect.poll(() => row.getAttribute('data-stage'), { timeout: 10_000 }).toBe('qualified');
    expect(await row.getByTestId('lead-value').textContent()).toBe('1,250.50');

    // Keyboard only: Enter opens the edit form with focus in the value field, Enter saves.
    await row.getByTestId('lead-edit').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('lead-value-input');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2000');
    await row.getByTestId('lead-stage-select').selectOption('proposal');
    await row.getByTestId('lead-value-input').press('Enter');
    await expect.poll(() => row.getAttribute('data-stage'), { timeout: 10_000 }).toBe('proposal');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('lead-edit');
    const stored = await server.api<{ leads: { id: string; stage: string; valueCents: number; conversationId: string }[] }>('GET', `/api/leads?customerId=${msg.customerId}`, { token });
    expect(stored.body.leads).toEqual([expect.objectContaining({ stage: 'proposal', valueCents: 200_000, conversationId: msg.conversationId })]);

    const attrs = page.getByTestId('customer-attributes');
    await attrs.getByTestId('attr-new-key').fill('bad key');
    await attrs.getByTestId('attr-new-value').fill('x');
    await attrs.getByTestId('attr-add').click();
    await attrs.getByTestId('attr-error').filter({ hasText: 'Keys are 1-64' }).waitFor();
    await attrs.getByTestId('attr-new-key').fill('plan');
    await attrs.getByTestId('attr-new-value').fill('pro');
    await attrs.getByTestId('attr-new-value').press('Enter');
    const plan = attrs.locator('[data-testid="attr-row"][data-key="plan"]');
    await expect.poll(() => plan.getByTestId('attr-value').textContent(), { timeout: 10_000 }).toBe('pro');
    await attrs.getByTestId('attr-new-key').fill('temp');
    await attrs.getByTestId('attr-new-value').fill('1');
    await attrs.getByTestId('attr-add').click();
    await attrs.locator('[data-testid="attr-row"][data-key="temp"]').waitFor({ timeout: 10_000 });

    const html = 'enterprise <img src=x onerror="window.__pwned=1"> <b>VIP</b>';
    await plan.getByTestId('attr-edit').click();
    await plan.getByTestId('attr-edit-value').fill(html);
    await plan.getByTestId('attr-edit-value').press('Enter');
    await expect.poll(() => plan.getByTestId('attr-value').textContent(), { timeout: 10_000 }).toBe(html);
    expect(await plan.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await attrs.locator('[data-testid="attr-row"][data-key="temp"]').getByTestId('attr-remove').click();
    await attrs.locator('[data-testid="attr-row"][data-key="temp"]').waitFor({ state: 'detached', timeout: 10_000 });

    const profile = await server.api<{ attributes: Record<string, unknown> }>('GET', `/api/customers/${msg.customerId}`, { token });
    expect(profile.body.attributes).toEqual({ plan: html });
  }, 90_000);
});
