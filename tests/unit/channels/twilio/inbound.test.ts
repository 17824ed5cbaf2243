// Pure pieces of the inbound path: addresses, opt-out keywords, media limits, settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchMedia, typeAllowed } from '../../../../channels/twilio/media.js';
import { applyOptKeyword, isOptedOut, optKeyword } from '../../../../channels/twilio/optout.js';
import { channelAddress, parseAddress } from '../../../../channels/twilio/phone.js';
import { settingsOf, twilioSettingsSchema } from '../../../../channels/twilio/settings.js';
import { ACCOUNT_SID, AUTH_TOKEN, startTwilioStandIn, type TwilioStandIn } from '../../../helpers/twilio-standin.js';
import { fakeHost } from './fake-host.js';

let api: TwilioStandIn;
beforeAll(async () => { api = await startTwilioStandIn(); });
afterAll(async () => { await api.close(); });

describe('twilio inbound pieces', () => {
  it('addresses: E.164 with or without the whatsapp: prefix', () => {
    expect(parseAddress('whatsapp:+14155550100')).toBe('+14155550100');
    expect(parseAddress(' +1 (415) 555-0100 ')).toBe('+14155550100');
    expect(parseAddress('14155550100')).toBeNull();
    expect(parseAddress('+0123')).toBeNull();
    expect(parseAddress(undefined)).toBeNull();
    expect(channelAddress('whatsapp', '+14155550100')).toBe('whatsapp:+14155550100');
    expect(channelAddress('sms', '+14155550100')).toBe('+14155550100');
  });

  it('STOP/START keywords are whole-message, case-insensitive', async () => {
    for (const w of ['STOP', 'stop', 'StopAll', 'unsubscribe', 'CANCEL', 'end', 'QUIT.']) expect(optKeyword(w)).toBe('stop');
    for (const w of ['START', 'yes', 'unstop']) expect(optKeyword(w)).toBe('start');
    expect(optKeyword('please stop calling me')).toBeNull();
    const host = fakeHost();
    expect(await applyOptKeyword(host, '+14155550100', 'STOP')).toMatch(/opted out/);
    expect(host.store.has('twilio:optout:+14155550100')).toBe(true);
    expect(await isOptedOut(host, '+14155550100')).toBe(true);
    expect(await applyOptKeyword(host, '+14155550100', 'hello')).toBeNull();
    expect(await applyOptKeyword(host, '+14155550100', 'START')).toMatch(/opted back in/);
    expect(await isOptedOut(host, '+14155550100')).toBe(false);
  });

  it('media types match exactly or by family', () => {
    expect(typeAllowed('image/jpeg', ['image/*'])).toBe(true);
    expect(typeAllowed('application/pdf; charset=x', ['application/pdf'])).toBe(true);
    expect(typeAllowed('application/x-msdownload', ['image/*', 'application/pdf'])).toBe(false);
  });

  it('media: fetched with basic auth; oversized, unsupported and foreign-host files become notes', async () => {
    const s = settingsOf({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: '+14155550100', apiBaseUrl: api.url, maxMediaBytes: 1000 });
    const media = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media`;
    const ok = api.serve(`${media}/ME1`, 'image/png', Buffer.alloc(500, 1));
    const big = api.serve(`${media}/ME2`, 'image/jpeg', Buffer.alloc(5000, 2));
    const exe = api.serve(`${media}/ME3`, 'application/x-msdownload', Buffer.alloc(10));
    const lying = api.serve(`${media}/ME4`, 'application/x-msdownload', Buffer.alloc(10));
    const form = {
      NumMedia: '5', MediaUrl0: ok, MediaContentType0: 'image/png', MediaUrl1: big, MediaContentType1: 'image/jpeg',
      MediaUrl2: exe, MediaContentType2: 'application/x-msdownload', MediaUrl3: lying, MediaContentType3: 'image/gif',
      MediaUrl4: 'https://evil.example/x.png', MediaContentType4: 'image/png',
    };
    const result = await fetchMedia(form, s, fakeHost().log);
    expect(result.attachments).toEqual([{ filename: 'media-1.png', contentType: 'image/png', data: Buffer.alloc(500, 1) }]);
    expect(result.notes).toEqual([
      '[attachment 2 (image/jpeg) skipped: larger than 1000 bytes]',
      '[attachment 3 (application/x-msdownload) skipped: type application/x-msdownload is not accepted]',
      '[attachment 4 (image/gif) skipped: type application/x-msdownload is not accepted]',
      '[attachment 5 (image/png) skipped: not hosted by Twilio]',
    ]);
    expect(api.requests.filter((r) => r.path.startsWith(media)).every((r) => r.auth === `${ACCOUNT_SID}:${AUTH_TOKEN}`)).toBe(true);
  });

  it('settings name the failing field and keep defaults', () => {
    const bad = twilioSettingsSchema.safeParse({ accountSid: 'XX', authToken: AUTH_TOKEN, phoneNumber: '+14155550100' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['accountSid']);
    const badNumber = twilioSettingsSchema.safeParse({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: '555-0100' });
    expect(badNumber.error?.issues[0]).toMatchObject({ path: ['phoneNumber'], message: expect.stringContaining('E.164') });
    const good = settingsOf({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: '+14155550100' });
    expect(good.menu).toEqual({ '1': 'sales', '2': 'support', '3': 'finance', '4': 'care' });
    expect(good.maxMediaBytes).toBe(5 * 1024 * 1024);
  });
});
