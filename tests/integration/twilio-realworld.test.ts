// Twilio as it really behaves (issue #18 items 9-11), through the real server with requests signed
// like Twilio signs them: the menu choice routes the conversation, status callbacks arrive out of
// order, WhatsApp shares a location, a caller hangs up at the menu, a WhatsApp profile names a customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdapters } from '../../channels/registry.js';
import { smsAdapter, voiceAdapter, whatsappAdapter } from '../../channels/twilio/index.js';
import { until } from '../fixtures/email/harness.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { ACCOUNT_SID, AUTH_TOKEN, postSigned, sid, startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-standin.js';

const PUBLIC = 'https://switchboard.example.test';
const VOICE = '+14155550400';
const SMS = '+14155550401';
const WA = '+14155550402';
let seq = 0;
const customer = () => `+1628557${String(1000 + (process.pid % 5000) + seq++).padStart(4, '0')}`;

describe.each(databases())('twilio on real-world traffic, %s', (db) => {
  let server: TestServer;
  let api: TwilioStandIn;
  let token: string;
  const inbox: Record<string, string> = {};

  const post = (path: string, params: Record<string, string>) => postSigned(server.url, PUBLIC, path, { AccountSid: ACCOUNT_SID, ...params });
  const message = (externalId: string) => server.app.ctx.db.message.findFirst({ where: { externalId }, include: { conversation: { include: { customer: true, team: true } } } });

  beforeAll(async () => {
    api = await startTwilioStandIn();
    server = await startTestServer(db, { PUBLIC_URL: PUBLIC, TWILIO_API_URL: api.url }, { adapters: { ...defaultAdapters(), sms: smsAdapter, whatsapp: whatsappAdapter, voice: voiceAdapter } });
    token = await server.login();
    for (const [channel, phoneNumber] of [['voice', VOICE], ['sms', SMS], ['whatsapp', WA]] as const) {
      const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token, body: { channel, name: channel, settings: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber } } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      inbox[channel] = res.body.id;
    }
  });
  afterAll(async () => {
    await server?.close();
    await api?.close();
  });

  it('the menu choice routes the conversation to the team whose queue the caller waits in', async () => {
    for (const [digit, team] of [['2', 'support'], ['1', 'sales'], ['4', 'care']] as const) {
      const callSid = sid('CA');
      const res = await post(`/channels/voice/gather?inbox=${inbox.voice}`, { CallSid: callSid, From: customer(), To: VOICE, Digits: digit });
      expect(res.status, res.text).toBe(200);
      expect(res.text).toContain(`sb-${inbox.voice}-${team}`);
      const m = await until(async () => { const r = await message(`${callSid}:gather`); return r?.conversation.team ? r : null; }, 10_000, `routing of digit ${digit}`);
      expect(m.conversation.team!.key, `digit ${digit}`).toBe(team);
      const event = await server.app.ctx.db.routingEvent.findFirstOrThrow({ where: { conversationId: m.conversationId, action: 'classified' } });
      expect(event.reason).toContain(`chosen by the customer: phone menu: pressed ${digit}`);
    }
  });

  it('status callbacks out of order never move a message back', async () => {
    const from = customer();
    const inSid = sid('SM');
    await post('/channels/sms/webhook', { MessageSid: inSid, From: from, To: SMS, Body: 'Is it shipped?', NumMedia: '0' });
    const conversationId = (await message(inSid))!.conversationId;
    const reply = await server.api<{ id: number }>('POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'Yes, today.' } });
    const sent = await until(async () => server.app.ctx.db.message.findFirst({ where: { id: reply.body.id, deliveryStatus: 'sent' } }), 10_000, 'reply sent');
    const report = (status: string, extra: Record<string, string> = {}) => post(`/channels/sms/status?inbox=${inbox.sms}`, { MessageSid: sent.externalId!, MessageStatus: status, From: SMS, To: from, ...extra });
    const statusNow = async () => (await server.app.ctx.db.message.findUniqueOrThrow({ where: { id: sent.id } })).deliveryStatus;
    for (const [status, expected] of [['delivered', 'delivered'], ['sent', 'delivered'], ['queued', 'delivered'], ['read', 'read'], ['delivered', 'read'], ['undelivered', 'read']] as const) {
      expect((await report(status, status === 'undelivered' ? { ErrorCode: '30003' } : {})).status).toBe(204);
      expect(await statusNow(), `after "${status}"`).toBe(expected);
    }
    // A failure stays a failure when an older "sent" arrives after it.
    const second = await server.api<{ id: number }>('POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'Tracking to follow.' } });
    const sent2 = await until(async () => server.app.ctx.db.message.findFirst({ where: { id: second.body.id, deliveryStatus: 'sent' } }), 10_000, 'second reply sent');
    await post(`/channels/sms/status?inbox=${inbox.sms}`, { MessageSid: sent2.externalId!, MessageStatus: 'undelivered', ErrorCode: '30005', From: SMS, To: from });
    await post(`/channels/sms/status?inbox=${inbox.sms}`, { MessageSid: sent2.externalId!, MessageStatus: 'sent', From: SMS, To: from });
    expect(await server.app.ctx.db.message.findUniqueOrThrow({ where: { id: sent2.id } })).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'Twilio error 30005' });
  });

  it('a WhatsApp location share shows the place with a map link; bad coordinates are a 400 naming the field', async () => {
    const msgSid = sid('SM');
    const res = await post('/channels/whatsapp/webhook', { MessageSid: msgSid, From: `whatsapp:${customer()}`, To: `whatsapp:${WA}`, Body: '', NumMedia: '0', Latitude: '52.520008', Longitude: '13.404954', Address: 'Alexanderplatz 1, 10178 Berlin', Label: 'Our shop' });
    expect(res.status, res.text).toBe(200);
    const m = (await message(msgSid))!;
    expect(m.body).toBe('Shared location: Our shop, Alexanderplatz 1, 10178 Berlin (52.520008, 13.404954) https://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954#map=17/52.520008/13.404954');
    const bad = await post('/channels/whatsapp/webhook', { MessageSid: sid('SM'), From: `whatsapp:${customer()}`, To: `whatsapp:${WA}`, Body: '', NumMedia: '0', Latitude: '95', Longitude: '13.4' });
    expect([bad.status, JSON.parse(bad.text).field]).toEqual([400, 'Latitude']);
  });

  it('a caller who hangs up at the menu leaves a missed call to call back; a call that chose a team does not', async () => {
    const from = customer();
    const missed = sid('CA');
    expect((await post('/channels/voice/incoming', { CallSid: missed, From: from, To: VOICE, CallStatus: 'ringing' })).status).toBe(200);
    expect((await post('/channels/voice/status', { CallSid: missed, From: from, To: VOICE, CallStatus: 'completed', CallDuration: '7' })).status).toBe(204);
    expect((await post('/channels/voice/status', { CallSid: missed, From: from, To: VOICE, CallStatus: 'completed', CallDuration: '7' })).status).toBe(204);
    const rows = await server.app.ctx.db.message.findMany({ where: { conversation: { externalThreadId: missed } } });
    expect(rows.map((r) => [r.authorKind, r.body])).toEqual([['customer', 'Missed call: the caller hung up at the phone menu after 7s']]);
    expect(rows[0]!.conversationId).toBe((await message(`${missed}:missed`))!.conversation.id);

    const answered = sid('CA');
    await post(`/channels/voice/gather?inbox=${inbox.voice}`, { CallSid: answered, From: from, To: VOICE, Digits: '2' });
    await post('/channels/voice/status', { CallSid: answered, From: from, To: VOICE, CallStatus: 'completed', CallDuration: '60' });
    expect(await message(`${answered}:missed`)).toBeNull();
    const lines = (await server.app.ctx.db.message.findMany({ where: { conversation: { externalThreadId: answered } } })).map((r) => r.body);
    expect(lines).toContain('Call ended after 60s');
  });

  it('a WhatsApp profile name names the customer who first wrote by SMS, and never renames one', async () => {
    const from = customer();
    const sms = sid('SM');
    await post('/channels/sms/webhook', { MessageSid: sms, From: from, To: SMS, Body: 'hi', NumMedia: '0' });
    const customerId = (await message(sms))!.conversation.customerId;
    expect((await server.app.ctx.db.customer.findUniqueOrThrow({ where: { id: customerId } })).name).toBeNull();
    await post('/channels/whatsapp/webhook', { MessageSid: sid('SM'), From: `whatsapp:${from}`, To: `whatsapp:${WA}`, Body: 'hello again', NumMedia: '0', ProfileName: 'Grace H.' });
    expect((await server.app.ctx.db.customer.findUniqueOrThrow({ where: { id: customerId } })).name).toBe('Grace H.');
    await post('/channels/whatsapp/webhook', { MessageSid: sid('SM'), From: `whatsapp:${from}`, To: `whatsapp:${WA}`, Body: 'new phone', NumMedia: '0', ProfileName: 'G' });
    expect((await server.app.ctx.db.customer.findUniqueOrThrow({ where: { id: customerId } })).name).toBe('Grace H.');
  });

  it('replies are held to the channel limit: 1,600 characters for SMS (shown with SMS segments), a clear 400 beyond', async () => {
    const inSid = sid('SM');
    await post('/channels/sms/webhook', { MessageSid: inSid, From: customer(), To: SMS, Body: 'long answer please', NumMedia: '0' });
    const conversationId = (await message(inSid))!.conversationId;
    const detail = await server.api<{ replyLimit: { maxChars: number; smsSegments: boolean }; noteMaxChars: number }>('GET', `/api/conversations/${conversationId}`, { token });
    expect(detail.body).toMatchObject({ replyLimit: { maxChars: 1600, smsSegments: true }, noteMaxChars: 5000 });
    const before = api.messages().length;
    const tooLong = await server.api<{ code: string; field: string; message: string }>('POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'x'.repeat(1601) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ code: 'MESSAGE_TOO_LONG', field: 'body', message: 'Replies on sms are limited to 1600 characters (this one has 1601)' });
    // A private note is not sent: the note limit applies.
    expect((await server.api('POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'n'.repeat(3000), private: true } })).status).toBe(201);
    const ok = await server.api<{ id: number }>('POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: 'y'.repeat(1600) } });
    expect(ok.status).toBe(201);
    await until(async () => server.app.ctx.db.message.findFirst({ where: { id: ok.body.id, deliveryStatus: 'sent' } }), 10_000, 'long reply sent');
    expect(api.messages().slice(before).map((m) => m.form.Body?.length)).toEqual([1600]);
  });
});
