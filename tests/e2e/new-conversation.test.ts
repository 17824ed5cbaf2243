// End to end in real Chromium: an agent writes first. "New conversation" in the top bar texts a new
// number through the Twilio stand-in and opens the conversation; a bad number is shown on its field;
// "Write to customer" on the customer panel emails a known customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultAdapters } from '../../channels/registry.js';
import { smsAdapter, voiceAdapter, whatsappAdapter } from '../../channels/twilio/index.js';
import { UNREACHABLE_EMAIL_SETTINGS } from '../helpers/inboxes.js';
import { chromiumMissing, launchChromium, screenshot, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';
import { ACCOUNT_SID, AUTH_TOKEN, startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-standin.js';

describe.skipIf(chromiumMissing)(`writing first from the console${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let twilio: TwilioStandIn;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    twilio = await startTwilioStandIn();
    server = await startTestServer('sqlite', { PUBLIC_URL: 'https://switchboard.example.test', TWILIO_API_URL: twilio.url }, { adapters: { ...defaultAdapters(), sms: smsAdapter, whatsapp: whatsappAdapter, voice: voiceAdapter } });
    const token = await server.login();
    expect((await server.api('POST', '/api/inboxes', { token, body: { channel: 'sms', name: 'Texts', settings: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: '+14155550400' } } })).status).toBe(201);
    expect((await server.api('POST', '/api/inboxes', { token, body: { channel: 'email', name: 'Mail', settings: UNREACHABLE_EMAIL_SETTINGS } })).status).toBe(201);
    chrome = await launchChromium();
    page = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    await signInToConsole(page, server.url, ADMIN);
  }, 60_000);
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    await twilio?.close();
  });

  it('texts a new number from the top bar and lands in the new conversation', async () => {
    await page.getByTestId('nc-open').click();
    const form = page.getByTestId('new-conversation');
    await form.waitFor({ timeout: 10_000 });
    await page.getByTestId('nc-inbox').selectOption({ label: 'Texts · SMS' });
    await page.getByTestId('nc-to').fill('0800 SUPPORT');
    await page.getByTestId('nc-body').fill('Your table is ready.');
    await page.getByTestId('nc-send').click();
    await form.locator('.field-error').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('nc-to').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'new-conversation-desktop-en');
    await page.getByTestId('nc-to').fill('+1 628 555 0142');
    await page.getByTestId('nc-send').click();
    await page.waitForURL(/#\/inbox\/[A-Za-z0-9_-]+$/, { timeout: 10_000 });
    await page.getByTestId('reply-input').waitFor({ timeout: 10_000 });
    await page.getByText('Your table is ready.').first().waitFor({ timeout: 10_000 });
    await expect.poll(() => twilio.messages().filter((m) => m.form.To === '+16285550142').length, { timeout: 10_000 }).toBe(1);
  }, 60_000);

  it('writes to a known customer from the customer panel, with a subject for email', async () => {
    const token = await server.login();
    const bought = await server.api<{ customerId: string }>('POST', '/api/purchases', { token, body: { orderNumber: 'ORD-E2E-1', amountCents: 100, purchasedAt: '2026-11-01T10:00:00Z', customer: { email: 'dana@customer.example', name: 'Dana Doe' } } });
    await page.goto(`${server.url}/console#/customers/${bought.body.customerId}`);
    await page.getByTestId('nc-write').click();
    const form = page.getByTestId('new-conversation');
    await form.waitFor({ timeout: 10_000 });
    await page.getByTestId('nc-inbox').selectOption({ label: 'Mail · Email' });
    await form.getByText('Dana Doe · dana@customer.example').waitFor();
    await page.getByTestId('nc-subject').fill('About your order');
    await page.getByTestId('nc-body').fill('It ships tomorrow.');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'new-conversation-phone-en');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('nc-send').click();
    await page.waitForURL(/#\/inbox\/[A-Za-z0-9_-]+$/, { timeout: 10_000 });
    const id = decodeURIComponent(page.url().split('/').pop()!);
    const c = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id } });
    expect(c).toMatchObject({ customerId: bought.body.customerId, channel: 'email', subject: 'About your order' });
  }, 60_000);
});
