// The composer shows the conversation's channel limit (issue #18 item 13), in real Chromium: an SMS
// conversation counts characters and SMS segments, refuses to send past 1,600, and a private note
// has the note limit; links in messages (a shared location's map link) are clickable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultAdapters } from '../../channels/registry.js';
import { smsAdapter } from '../../channels/twilio/index.js';
import { chromiumMissing, launchChromium, signInToConsole } from '../helpers/browser.js';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.js';
import { ACCOUNT_SID, AUTH_TOKEN, postSigned, sid, startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-standin.js';

const PUBLIC = 'https://switchboard.example.test';
const SMS = '+14155550500';

describe.skipIf(chromiumMissing)(`composer limits${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  let server: TestServer;
  let twilio: TwilioStandIn;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let conversationId: string;

  beforeAll(async () => {
    twilio = await startTwilioStandIn();
    server = await startTestServer('sqlite', { PUBLIC_URL: PUBLIC, TWILIO_API_URL: twilio.url }, { adapters: { ...defaultAdapters(), sms: smsAdapter } });
    const token = await server.login();
    const inbox = await server.api<{ id: string }>('POST', '/api/inboxes', { token, body: { channel: 'sms', name: 'SMS', settings: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: SMS } } });
    expect(inbox.status).toBe(201);
    const msgSid = sid('SM');
    const res = await postSigned(server.url, PUBLIC, '/channels/sms/webhook', { AccountSid: ACCOUNT_SID, MessageSid: msgSid, From: '+16285550777', To: SMS, Body: 'We are here: https://www.openstreetmap.org/?mlat=52.52&mlon=13.4#map=17/52.52/13.4 (the blue door)', NumMedia: '0' });
    expect(res.status, res.text).toBe(200);
    conversationId = (await server.app.ctx.db.message.findFirstOrThrow({ where: { externalId: msgSid } })).conversationId;
    chrome = await launchChromium();
    page = await (await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
    await signInToConsole(page, server.url, ADMIN);
  }, 60_000);
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
    await twilio?.close();
  });

  it('counts characters and SMS segments, and will not send past the channel limit', async () => {
    await page.goto(`${server.url}/console#/inbox/${conversationId}`);
    const link = page.getByTestId('message').locator('a[href^="https://www.openstreetmap.org/"]');
    await link.waitFor({ timeout: 10_000 });
    expect(await link.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=52.52&mlon=13.4#map=17/52.52/13.4');
    expect(await link.getAttribute('rel')).toContain('noopener');

    const input = page.getByTestId('reply-input');
    const count = page.getByTestId('reply-count');
    const send = page.getByTestId('reply-send');
    await input.fill('x'.repeat(161));
    await expect.poll(() => count.textContent()).toBe('161 / 1600 · 2 SMS segments');
    await input.fill('你好'.repeat(40));
    await expect.poll(() => count.textContent()).toBe('80 / 1600 · 2 SMS segments');
    await input.fill('y'.repeat(1601));
    await expect.poll(() => count.textContent()).toBe('1601 / 1600: too long for this channel · 11 SMS segments');
    expect(await send.isDisabled()).toBe(true);
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    // A private note is not sent over SMS: the note limit applies and it can be saved.
    await page.getByTestId('note-toggle').click();
    await expect.poll(() => count.textContent()).toBe('1601 / 5000');
    expect(await send.isDisabled()).toBe(false);
  }, 60_000);
});
