// The keypad survey at the end of a call through the real server: the agent's leg ends (<Dial
// action> or a bridged <Enqueue>), the caller presses 1-5, the score is stored once; requests are
// signed with the twilio library's own helper; SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdapters } from '../../channels/registry.js';
import { createVoiceAdapter, type VoiceAdapter } from '../../channels/twilio/index.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { ACCOUNT_SID, AUTH_TOKEN, findAll, parseTwiml, postSigned, sid, startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-standin.js';
import { createStaff } from './support.js';

const PUBLIC = 'https://switchboard.example.test/support';
const VOICE_NUMBER = '+14155550310';
let seq = 0;
const callerNumber = () => `+1628557${String(1000 + (process.pid % 5000) + seq++).padStart(4, '0')}`;

describe.each(databases())('voice CSAT on %s', (kind) => {
  let server: TestServer;
  let api: TwilioStandIn;
  let voice: VoiceAdapter;
  let admin: string;
  let agentId: string;
  let inboxId: string;

  const post = (pathAndQuery: string, params: Record<string, string>, opts?: Parameters<typeof postSigned>[4]) =>
    postSigned(server.url, PUBLIC, pathAndQuery, { AccountSid: ACCOUNT_SID, ...params }, opts);
  const twiml = async (pathAndQuery: string, params: Record<string, string>) => {
    const res = await post(pathAndQuery, params);
    expect(res.status, res.text).toBe(200);
    expect(res.contentType).toMatch(/text\/xml/);
    return parseTwiml(res.text);
  };
  /** The path (with query) of one of our own absolute callback URLs, as Twilio would request it. */
  const pathOf = (url: string) => {
    expect(url.startsWith(`${PUBLIC}/channels/voice/`), url).toBe(true);
    return url.slice(PUBLIC.length);
  };
  /** A caller who chose a team at the menu; their conversation is assigned to the agent. */
  async function call(digit = '2') {
    const callSid = sid('CA');
    const from = callerNumber();
    await twiml(`/channels/voice/gather?inbox=${inboxId}`, { CallSid: callSid, From: from, To: VOICE_NUMBER, Digits: digit });
    const c = await server.app.ctx.db.conversation.findFirstOrThrow({ where: { externalThreadId: callSid } });
    expect((await server.api('POST', `/api/conversations/${c.id}/assign`, { token: admin, body: { assigneeId: agentId } })).status).toBe(200);
    return { callSid, from, c, leg: { CallSid: callSid, From: from, To: VOICE_NUMBER, CallStatus: 'in-progress', Direction: 'inbound' } };
  }

  beforeAll(async () => {
    api = await startTwilioStandIn();
    voice = createVoiceAdapter();
    server = await startTestServer(kind, { PUBLIC_URL: PUBLIC, TWILIO_API_URL: api.url }, { adapters: { ...defaultAdapters(), voice } });
    admin = await server.login();
    agentId = (await createStaff(server, admin, { role: 'agent' })).id;
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', {
      token: admin,
      body: { channel: 'voice', name: 'Phone', settings: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: VOICE_NUMBER, holdMusicUrl: 'https://music.example.test/hold.mp3' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    inboxId = res.body.id;
  });
  afterAll(async () => {
    await server?.close();
    await api?.close();
  });

  it('the agent hangs up, the caller presses a key: one score, attributed to agent, team, type and channel', async () => {
    const { callSid, c, leg } = await call('3');
    const stored = await server.app.ctx.db.inbox.findUniqueOrThrow({ where: { id: inboxId } });
    await voice.connectCall({ settings: { ...(stored.settings as Record<string, unknown>), apiBaseUrl: api.url }, callSid, target: { client: 'agent-9' }, conversationId: c.id });
    const dial = findAll(parseTwiml(api.requests.at(-1)!.form.Twiml!), 'Dial')[0]!;
    expect(dial.attrs).toMatchObject({ action: `${PUBLIC}/channels/voice/dial-done`, method: 'POST' });

    // Twilio requests the <Dial action> when the agent's leg ends; the caller hears the survey.
    const dialDone = { ...leg, DialCallStatus: 'completed', DialCallDuration: '95', DialCallSid: sid('CA') };
    const survey = await twiml(pathOf(dial.attrs.action!), dialDone);
    const gather = findAll(survey, 'Gather')[0]!;
    expect(gather.attrs).toMatchObject({ input: 'dtmf', numDigits: '1', method: 'POST' });
    expect(findAll(gather, 'Say')[0]!.text).toMatch(/Press 1 to 5/);
    const action = new URL(gather.attrs.action!);
    expect(action.searchParams.get('inbox')).toBe(inboxId);

    const rated = await twiml(pathOf(gather.attrs.action!), { ...leg, Digits: '5' });
    expect(rated.children.map((x) => [x.name, x.text])).toEqual([['Say', 'Thank you for your rating. Goodbye.'], ['Hangup', '']]);
    const conv = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: c.id } });
    expect(await server.app.ctx.db.csatResponse.findUniqueOrThrow({ where: { conversationId: c.id } })).toMatchObject({ score: 5, channel: 'voice', agentId, teamId: conv.teamId, type: conv.type });

    // Pressed again (or Twilio retried): a polite answer, still one response with the first score.
    const again = await twiml(pathOf(gather.attrs.action!), { ...leg, Digits: '1' });
    expect(again.children[0]!.text).toBe('We already have your rating for this call. Thank you. Goodbye.');
    expect(await server.app.ctx.db.csatResponse.findMany({ where: { conversationId: c.id }, select: { score: true } })).toEqual([{ score: 5 }]);
    // A repeated dial-done neither asks again nor adds a second timeline line.
    const repeat = await twiml(pathOf(dial.attrs.action!), dialDone);
    expect(repeat.children.map((x) => x.name)).toEqual(['Say', 'Hangup']);
    const lines = await server.app.ctx.db.message.findMany({ where: { conversationId: c.id, body: 'Agent call ended after 95s' } });
    expect(lines).toHaveLength(1);
  });

  it('a wrong key gets one more chance; forged, unsigned or tokenless requests store nothing', async () => {
    const { c, leg } = await call('1');
    const survey = await twiml(`/channels/voice/queue-result?inbox=${inboxId}&team=sales`, { ...leg, QueueResult: 'bridged', QueueTime: '30' });
    // Dequeued by an agent's <Dial><Queue>: Twilio asks after the agent left, so the survey follows.
    const action = findAll(survey, 'Gather')[0]!.attrs.action!;
    const retry = await twiml(pathOf(action), { ...leg, Digits: '9' });
    const retryAction = findAll(retry, 'Gather')[0]!.attrs.action!;
    expect(new URL(retryAction).searchParams.get('retry')).toBe('1');
    expect(findAll(retry, 'Say')[0]!.text).toMatch(/^Please press a number from 1 to 5\./);
    const bye = await twiml(pathOf(retryAction), { ...leg, Digits: '#' });
    expect(bye.children.map((x) => x.name)).toEqual(['Say', 'Hangup']);

    expect((await post(pathOf(action), { ...leg, Digits: '4' }, { signature: null })).status).toBe(403);
    expect((await post(pathOf(action), { ...leg, Digits: '4' }, { token: 'ffffffffffffffffffffffffffffffff' })).status).toBe(403);
    const noToken = await post(`/channels/voice/csat?inbox=${inboxId}`, { ...leg, Digits: '4' });
    expect([noToken.status, JSON.parse(noToken.text).field]).toEqual([400, 'token']);
    const forged = await twiml(`/channels/voice/csat?inbox=${inboxId}&token=${encodeURIComponent('eyJjIjoieCJ9.forged')}`, { ...leg, Digits: '4' });
    expect(forged.children[0]!.text).toBe('Thank you. Goodbye.');
    expect(await server.app.ctx.db.csatResponse.count({ where: { conversationId: c.id } })).toBe(0);
    // Resolving a call conversation sends no after-the-fact survey; the keypad one still works.
    await server.api('POST', `/api/conversations/${c.id}/status`, { token: admin, body: { status: 'resolved' } });
    await twiml(pathOf(action), { ...leg, Digits: '3' });
    expect((await server.app.ctx.db.csatResponse.findUniqueOrThrow({ where: { conversationId: c.id } })).score).toBe(3);
  });

  it('an agent who does not answer: the caller is offered voicemail instead of the survey', async () => {
    const { c, leg } = await call('4');
    const root = await twiml('/channels/voice/dial-done', { ...leg, DialCallStatus: 'no-answer', DialCallSid: sid('CA') });
    expect(root.children.map((x) => x.name)).toEqual(['Say', 'Record']);
    const lines = await server.app.ctx.db.message.findMany({ where: { conversationId: c.id, authorKind: 'system' }, select: { body: true } });
    expect(lines.map((l) => l.body)).toContain('The agent did not answer (no-answer); offered voicemail');
  });
});
