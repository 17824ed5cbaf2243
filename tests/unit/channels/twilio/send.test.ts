// Outbound messages through the official twilio client against the local REST stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessagingAdapter, createVoiceAdapter } from '../../../../channels/twilio/adapter.js';
import { connectCall } from '../../../../channels/twilio/calls.js';
import { optOutKey } from '../../../../channels/twilio/optout.js';
import { PermanentDeliveryError, type OutboundMessage } from '../../../../channels/types.js';
import { ACCOUNT_SID, AUTH_TOKEN, parseTwiml, sid, startTwilioStandIn, type TwilioStandIn } from '../../../helpers/twilio-standin.js';
import { fakeHost } from './fake-host.js';

let api: TwilioStandIn;
beforeAll(async () => { api = await startTwilioStandIn(); });
afterAll(async () => { await api.close(); });

const settings = () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: '+14155550100', apiBaseUrl: api.url });
const outbound = (to: string, body = 'Hello from support'): OutboundMessage => ({
  messageId: 1, conversationId: 'c1', inbox: { id: 'inbox1', settings: settings() }, recipient: { kind: 'phone', value: to },
  body, authorName: 'Wendy', threadKey: null, subject: null,
});

function mounted(channel: 'sms' | 'whatsapp') {
  const adapter = createMessagingAdapter(channel);
  const host = fakeHost();
  adapter.routes!(host);
  return { adapter, host };
}

describe('twilio send', () => {
  it('SMS: messages.create with To, From, Body and a StatusCallback naming the inbox; returns the SID', async () => {
    const { adapter } = mounted('sms');
    const result = await adapter.send(outbound('+14155550123'));
    const req = api.messages().at(-1)!;
    expect(req.auth).toBe(`${ACCOUNT_SID}:${AUTH_TOKEN}`);
    expect(req.form).toMatchObject({ To: '+14155550123', From: '+14155550100', Body: 'Hello from support', StatusCallback: 'https://support.example.test/channels/sms/status?inbox=inbox1' });
    expect(result).toEqual({ status: 'sent', externalId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
  });

  it('WhatsApp: both addresses carry the whatsapp: prefix', async () => {
    const { adapter } = mounted('whatsapp');
    await adapter.send(outbound('whatsapp:+14155550124'));
    expect(api.messages().at(-1)!.form).toMatchObject({ To: 'whatsapp:+14155550124', From: 'whatsapp:+14155550100', StatusCallback: expect.stringContaining('/channels/whatsapp/status?inbox=inbox1') });
  });

  it('voice inboxes reply by SMS with status reports to the voice mount', async () => {
    const adapter = createVoiceAdapter();
    adapter.routes!(fakeHost());
    await adapter.send(outbound('+14155550125'));
    expect(api.messages().at(-1)!.form).toMatchObject({ To: '+14155550125', StatusCallback: 'https://support.example.test/channels/voice/message-status?inbox=inbox1' });
  });

  it('never messages an opted-out number', async () => {
    const { adapter, host } = mounted('sms');
    await host.state.set(optOutKey('+14155550126'), new Date().toISOString());
    const before = api.messages().length;
    await expect(adapter.send(outbound('+14155550126'))).rejects.toThrow(PermanentDeliveryError);
    await expect(adapter.send(outbound('+14155550126'))).rejects.toThrow('recipient opted out');
    expect(api.messages().length).toBe(before);
  });

  it('Twilio 4xx (invalid number) is permanent; 5xx is retried', async () => {
    const { adapter } = mounted('sms');
    api.invalidNumbers.add('+14155550127');
    const invalid = await adapter.send(outbound('+14155550127')).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(PermanentDeliveryError);
    expect(String(invalid)).toMatch(/21211/);
    api.failNext.count = 1;
    const flaky = await adapter.send(outbound('+14155550128')).catch((e: unknown) => e);
    expect(flaky).toBeInstanceOf(Error);
    expect(flaky).not.toBeInstanceOf(PermanentDeliveryError);
    expect((await adapter.send(outbound('+14155550128'))).externalId).toMatch(/^SM/);
  });

  it('a missing or malformed recipient is permanent', async () => {
    const { adapter } = mounted('sms');
    await expect(adapter.send({ ...outbound('+1'), recipient: null })).rejects.toThrow(PermanentDeliveryError);
    await expect(adapter.send(outbound('12345'))).rejects.toThrow(PermanentDeliveryError);
  });

  it('a network failure is retried (plain error)', async () => {
    const { adapter } = mounted('sms');
    const down = { ...outbound('+14155550129'), inbox: { id: 'i', settings: { ...settings(), apiBaseUrl: 'http://127.0.0.1:9' } } };
    const err = await adapter.send(down).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('connectCall updates the live call with <Dial> TwiML', async () => {
    const callSid = sid('CA');
    const result = await connectCall({ settings: settings(), callSid, target: { number: '+14155550130' } });
    expect(result).toEqual({ callSid, status: 'in-progress' });
    const req = api.requests.at(-1)!;
    expect(req.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${callSid}.json`);
    const root = parseTwiml(req.form.Twiml!);
    expect(root.children[0]).toMatchObject({ name: 'Dial', attrs: { callerId: '+14155550100' } });
    expect(root.children[0]!.children[0]).toMatchObject({ name: 'Number', text: '+14155550130' });
    await expect(connectCall({ settings: settings(), callSid: 'nope', target: { number: '+14155550130' } })).rejects.toThrow(/callSid/);
  });
});
