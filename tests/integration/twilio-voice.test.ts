// Voice through the real server: menu, queue with hold music, voicemail with recording and
// transcription, call events, connecting an agent; one customer across SMS and calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdapters } from '../../channels/registry.js';
import { smsAdapter, voiceAdapter, whatsappAdapter } from '../../channels/twilio/index.js';
import { decide } from '../../server/routing/router.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { ACCOUNT_SID, AUTH_TOKEN, findAll, parseTwiml, postSigned, sid, startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-standin.js';

const PUBLIC = 'https://switchboard.example.test/support';
const VOICE_NUMBER = '+14155550300';
const CLOSED_NUMBER = '+14155550301';
const SMS_NUMBER = '+14155550100';
const HOLD = 'https://music.example.test/hold.mp3';
let seq = 0;
const callerNumber = () => `+1628556${String(1000 + (process.pid % 5000) + seq++).padStart(4, '0')}`;

describe.each(databases())('twilio voice on %s', (db) => {
  let server: TestServer;
  let api: TwilioStandIn;
  const inbox: Record<string, string> = {};

  const call = (route: string, params: Record<string, string>, opts?: Parameters<typeof postSigned>[4]) =>
    postSigned(server.url, PUBLIC, `/channels/voice/${route}`, { AccountSid: ACCOUNT_SID, ...params }, opts);
  const twiml = async (route: string, params: Record<string, string>) => {
    const res = await call(route, params);
    expect(res.status, res.text).toBe(200);
    expect(res.contentType).toMatch(/text\/xml/);
    return parseTwiml(res.text);
  };
  const messagesOf = (conversationId: string) => server.app.ctx.db.message.findMany({ where: { conversationId }, orderBy: { id: 'asc' }, include: { attachments: true } });
  const systemLines = async (conversationId: string) => (await messagesOf(conversationId)).filter((m) => m.authorKind === 'system').map((m) => m.body);
  const conversationOf = (callSid: string) => server.app.ctx.db.conversation.findFirstOrThrow({ where: { externalThreadId: callSid }, include: { customer: true } });

  beforeAll(async () => {
    api = await startTwilioStandIn();
    server = await startTestServer(db, { PUBLIC_URL: PUBLIC, TWILIO_API_URL: api.url }, { adapters: { ...defaultAdapters(), sms: smsAdapter, whatsapp: whatsappAdapter, voice: voiceAdapter } });
    const token = await server.login();
    const base = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, holdMusicUrl: HOLD, maxWaitSeconds: 120 };
    const create = async (key: string, channel: string, settings: Record<string, unknown>) => {
      const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token, body: { channel, name: key, settings: { ...base, ...settings } } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      inbox[key] = res.body.id;
    };
    await create('voice', 'voice', { phoneNumber: VOICE_NUMBER, greeting: { en: 'Welcome to Acme.' } });
    // Open on no day at all: every call goes to voicemail.
    await create('closed', 'voice', { phoneNumber: CLOSED_NUMBER, businessHours: { tz: 'UTC', days: {} } });
    await create('sms', 'sms', { phoneNumber: SMS_NUMBER });
  });
  afterAll(async () => {
    await server?.close();
    await api?.close();
  });

  it('answers with the greeting and a speech/DTMF menu posting to the signed gather URL', async () => {
    const root = await twiml('incoming', { CallSid: sid('CA'), From: callerNumber(), To: VOICE_NUMBER, CallStatus: 'ringing', Direction: 'inbound' });
    const gather = findAll(root, 'Gather')[0]!;
    expect(gather.attrs).toMatchObject({ input: 'speech dtmf', action: `${PUBLIC}/channels/voice/gather?inbox=${inbox.voice}` });
    expect(findAll(gather, 'Say')[0]!.text).toBe('Welcome to Acme. Press 1 for sales, 2 for support, 3 for billing, 4 for complaints, or say what you need.');
  });

  it('rejects unsigned calls (403), unknown numbers (404) and malformed callers (400)', async () => {
    const params = { CallSid: sid('CA'), From: callerNumber(), To: VOICE_NUMBER };
    expect((await call('incoming', params, { signature: null })).status).toBe(403);
    expect((await call('incoming', params, { token: 'ffffffffffffffffffffffffffffffff' })).status).toBe(403);
    expect((await call('incoming', { ...params, To: '+14155550399' })).status).toBe(404);
    const bad = await call('incoming', { ...params, From: 'anonymous' });
    expect([bad.status, JSON.parse(bad.text).field]).toEqual([400, 'From']);
  });

  it('a digit picks the team: stored once as "Caller chose ...", then enqueued with hold music and position', async () => {
    const callSid = sid('CA');
    const from = callerNumber();
    const gather = { CallSid: callSid, From: from, To: VOICE_NUMBER, Digits: '3' };
    const root = await twiml(`gather?inbox=${inbox.voice}`, gather);
    await twiml(`gather?inbox=${inbox.voice}`, gather);
    const enqueue = findAll(root, 'Enqueue')[0]!;
    expect(enqueue.text).toBe(`sb-${inbox.voice}-finance`);
    expect(enqueue.attrs.waitUrl).toBe(`${PUBLIC}/channels/voice/wait?inbox=${inbox.voice}&team=finance`);
    const conversation = await conversationOf(callSid);
    expect(conversation).toMatchObject({ channel: 'voice', customer: { phone: from } });
    const messages = await messagesOf(conversation.id);
    expect(messages.filter((m) => m.externalId === `${callSid}:gather`).map((m) => m.body)).toEqual(['Caller chose billing']);
    expect(await systemLines(conversation.id)).toEqual([`Call from ${from} answered by the phone menu (call ${callSid})`, 'Caller queued for finance']);

    const wait = await twiml(`wait?inbox=${inbox.voice}&team=finance`, { CallSid: callSid, QueuePosition: '2', QueueTime: '15', QueueSid: sid('QU'), CurrentQueueSize: '3' });
    expect(wait.children.map((c) => [c.name, c.text])).toEqual([['Say', 'You are number 2 in the queue.'], ['Play', HOLD]]);
    const tooLong = await twiml(`wait?inbox=${inbox.voice}&team=finance`, { CallSid: callSid, QueuePosition: '1', QueueTime: '121' });
    expect(tooLong.children.map((c) => c.name)).toEqual(['Leave']);
  });

  it('speech is classified; an unknown digit repeats the menu', async () => {
    const callSid = sid('CA');
    const speech = 'I want to buy your premium plan for my company';
    const root = await twiml(`gather?inbox=${inbox.voice}`, { CallSid: callSid, From: callerNumber(), To: VOICE_NUMBER, SpeechResult: speech, Confidence: '0.9' });
    expect(findAll(root, 'Enqueue')[0]!.text).toBe(`sb-${inbox.voice}-${decide(speech).team}`);
    expect((await messagesOf((await conversationOf(callSid)).id)).some((m) => m.body === speech)).toBe(true);
    const again = await twiml(`gather?inbox=${inbox.voice}`, { CallSid: sid('CA'), From: callerNumber(), To: VOICE_NUMBER, Digits: '9' });
    expect(findAll(again, 'Gather')[0]!.children[0]!.text).toMatch(/^Sorry, that is not an option\./);
  });

  it('after the wait limit: voicemail; recording and transcription become messages; call events become system lines', async () => {
    const callSid = sid('CA');
    const from = callerNumber();
    await twiml(`gather?inbox=${inbox.voice}`, { CallSid: callSid, From: from, To: VOICE_NUMBER, Digits: '2' });
    const left = await twiml(`queue-result?inbox=${inbox.voice}&team=support&from=${encodeURIComponent(from)}`, { CallSid: callSid, QueueResult: 'leave', QueueTime: '121' });
    const record = findAll(left, 'Record')[0]!;
    const q = `inbox=${inbox.voice}&from=${encodeURIComponent(from)}`;
    expect(record.attrs).toMatchObject({ transcribe: 'true', recordingStatusCallback: `${PUBLIC}/channels/voice/recording?${q}`, transcribeCallback: `${PUBLIC}/channels/voice/transcription?${q}`, action: `${PUBLIC}/channels/voice/voicemail-done?${q}` });

    const recordingSid = sid('RE');
    const recordingPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`;
    api.serve(`${recordingPath}.mp3`, 'audio/mpeg', Buffer.alloc(800, 3));
    const recording = { CallSid: callSid, RecordingSid: recordingSid, RecordingUrl: api.url + recordingPath, RecordingStatus: 'completed', RecordingDuration: '14', RecordingChannels: '1', RecordingSource: 'RecordVerb' };
    expect((await call(`recording?${q}`, recording)).status).toBe(204);
    expect((await call(`recording?${q}`, recording)).status).toBe(204);
    expect((await call(`transcription?${q}`, { CallSid: callSid, From: from, To: VOICE_NUMBER, RecordingSid: recordingSid, RecordingUrl: api.url + recordingPath, TranscriptionStatus: 'completed', TranscriptionText: 'Please call me back about my router', TranscriptionSid: sid('TR') })).status).toBe(204);
    expect(findAll(await twiml(`voicemail-done?${q}`, { CallSid: callSid, From: from, To: VOICE_NUMBER, RecordingUrl: api.url + recordingPath }), 'Hangup')).toHaveLength(1);
    expect((await call(`status`, { CallSid: callSid, From: from, To: VOICE_NUMBER, CallStatus: 'completed', CallDuration: '187' })).status).toBe(204);

    const conversation = await conversationOf(callSid);
    const messages = await messagesOf(conversation.id);
    const voicemail = messages.filter((m) => m.externalId === recordingSid);
    expect(voicemail).toHaveLength(1);
    expect(voicemail[0]!.body).toBe(`Voicemail (14s): ${api.url}${recordingPath}.mp3`);
    expect(voicemail[0]!.attachments).toEqual([expect.objectContaining({ contentType: 'audio/mpeg', size: 800 })]);
    expect(messages.find((m) => m.externalId === `${recordingSid}:transcription`)?.body).toBe(`Voicemail transcription: Please call me back about my router\nRecording: ${api.url}${recordingPath}.mp3`);
    expect(await systemLines(conversation.id)).toEqual(expect.arrayContaining(['Caller left the queue after 121s (leave); offered voicemail', 'Call ended after 187s']));
  });

  it('outside business hours the call goes straight to voicemail', async () => {
    const callSid = sid('CA');
    const from = callerNumber();
    const root = await twiml('incoming', { CallSid: callSid, From: from, To: CLOSED_NUMBER });
    expect(root.children.map((c) => c.name)).toEqual(['Say', 'Record']);
    expect(root.children[0]!.text).toMatch(/closed/);
    const recordingSid = sid('RE');
    const url = `${api.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`;
    // The recording is not served: the message keeps the link and says why nothing is attached.
    expect((await call(`recording?inbox=${inbox.closed}&from=${encodeURIComponent(from)}`, { CallSid: callSid, RecordingSid: recordingSid, RecordingUrl: url, RecordingDuration: '5', RecordingStatus: 'completed' })).status).toBe(204);
    const conversation = await conversationOf(callSid);
    expect(conversation.inboxId).toBe(inbox.closed);
    expect((await messagesOf(conversation.id))[0]!.body).toMatch(new RegExp(`^Voicemail \\(5s\\): ${url}\\.mp3 \\[recording not attached: download failed \\(HTTP 404\\)\\]$`));
  });

  it('a customer who texts and calls from the same number is one customer', async () => {
    const number = callerNumber();
    const sms = await postSigned(server.url, PUBLIC, '/channels/sms/webhook', { AccountSid: ACCOUNT_SID, MessageSid: sid('SM'), From: number, To: SMS_NUMBER, Body: 'I will call you', NumMedia: '0' });
    expect(sms.status).toBe(200);
    const callSid = sid('CA');
    await twiml(`gather?inbox=${inbox.voice}`, { CallSid: callSid, From: number, To: VOICE_NUMBER, Digits: '1' });
    const conversations = await server.app.ctx.db.conversation.findMany({ where: { customer: { identities: { some: { kind: 'phone', value: number } } } } });
    expect(conversations.map((c) => c.channel).sort()).toEqual(['sms', 'voice']);
    expect(new Set(conversations.map((c) => c.customerId)).size).toBe(1);
    expect(await server.app.ctx.db.customerIdentity.count({ where: { value: number } })).toBe(1);
  });

  it('connecting an agent updates the live call with <Dial> through the REST API', async () => {
    const callSid = sid('CA');
    await twiml(`gather?inbox=${inbox.voice}`, { CallSid: callSid, From: callerNumber(), To: VOICE_NUMBER, Digits: '4' });
    const conversation = await conversationOf(callSid);
    const stored = await server.app.ctx.db.inbox.findUniqueOrThrow({ where: { id: inbox.voice } });
    const result = await voiceAdapter.connectCall({ settings: { ...(stored.settings as Record<string, unknown>), apiBaseUrl: api.url }, callSid, target: { client: 'agent-7' }, conversationId: conversation.id });
    expect(result).toEqual({ callSid, status: 'in-progress' });
    const req = api.requests.at(-1)!;
    expect(req).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${callSid}.json`, auth: `${ACCOUNT_SID}:${AUTH_TOKEN}` });
    const dial = parseTwiml(req.form.Twiml!).children[0]!;
    expect(dial).toMatchObject({ name: 'Dial', attrs: { callerId: VOICE_NUMBER } });
    expect(dial.children[0]).toMatchObject({ name: 'Client', text: 'agent-7' });
    expect(await systemLines(conversation.id)).toContain('Connecting caller to agent agent-7');
  });
});
