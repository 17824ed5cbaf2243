// CSAT on Slack through the real server: resolving posts rating buttons in the conversation's
// thread (via the outbox), and the signed block_actions click stores one score; SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdapters } from '../../channels/registry.js';
import { createSlackAdapter } from '../../channels/slack/adapter.js';
import { signCsatToken } from '../../server/csat/token.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { blockActionsPayload, envelope, eventually, nextTs, postEvent, postInteraction, SECRET, settle, STANDIN_BOT, startSlackStandin, TEAM, type SlackStandin } from '../helpers/slack-standin.js';
import { createStaff } from './support.js';

const CSAT_SECRET = 'slack-csat-secret-0123456789abcdef';

describe.each(databases())('%s', (kind) => {
  let server: TestServer;
  let slack: SlackStandin;
  let admin: string;
  let agentId: string;
  let inboxId: string;

  const db = () => server.app.ctx.db;
  let userSeq = 0;
  /** A customer DMs the app; returns their conversation once it is stored. */
  async function conversationFrom(text: string) {
    userSeq += 1;
    const user = `U0RATE${userSeq}`;
    slack.addUser(user, { real_name: `Rater ${userSeq}` });
    const ev = { type: 'message', channel: `D0${user}`, channel_type: 'im', user, text, ts: nextTs() };
    await postEvent(server, envelope(ev));
    const c = await eventually(() => db().conversation.findFirst({ where: { inboxId, externalThreadId: `${ev.channel}:${ev.ts}` } }));
    return { c, user, ev };
  }
  const resolve = (id: string) => server.api('POST', `/api/conversations/${id}/status`, { token: admin, body: { status: 'resolved' } });
  /** The survey post in the customer's thread (chat.postMessage with blocks). */
  const surveyPost = (channel: string) => eventually(async () => slack.callsTo('chat.postMessage').find((x) => x.body.channel === channel && x.body.blocks && x.answered === 'ok'));
  const blocksOf = (post: { body: Record<string, unknown> }) => JSON.parse(String(post.body.blocks)) as { type: string; block_id?: string; elements?: { action_id: string; value: string; url?: string }[] }[];

  beforeAll(async () => {
    slack = await startSlackStandin({ teamId: TEAM });
    server = await startTestServer(kind, { SECRET_KEY: CSAT_SECRET, SLACK_API_URL: slack.apiUrl }, { adapters: { ...defaultAdapters(), slack: createSlackAdapter() } });
    admin = await server.login();
    agentId = (await createStaff(server, admin, { role: 'agent' })).id;
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', {
      token: admin,
      body: { channel: 'slack', name: 'Slack', settings: { botToken: STANDIN_BOT.token, signingSecret: SECRET, teamId: TEAM } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    inboxId = res.body.id;
  });
  afterAll(async () => {
    await server?.close();
    await slack?.close();
  });

  it('resolving posts five rating buttons in the thread; a click stores one score, attributed like every channel', async () => {
    const { c, user, ev } = await conversationFrom('My invoice is wrong, please help');
    expect((await server.api('POST', `/api/conversations/${c.id}/assign`, { token: admin, body: { assigneeId: agentId } })).status).toBe(200);
    expect((await resolve(c.id)).status).toBe(200);
    const post = await surveyPost(ev.channel);
    expect(post.body).toMatchObject({ thread_ts: ev.ts, text: 'How did we do? Rate this conversation 1-5.' });
    const actions = blocksOf(post).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => [e.action_id, e.value, e.url])).toEqual([1, 2, 3, 4, 5].map((s) => [`csat_${s}`, String(s), undefined]));
    // The survey is stored in the timeline like any message sent to the customer.
    const stored = await db().message.findFirstOrThrow({ where: { conversationId: c.id, authorKind: 'system', body: 'How did we do? Rate this conversation 1-5.' } });
    await eventually(async () => (await db().message.findUnique({ where: { id: stored.id } }))?.deliveryStatus === 'sent');

    const click = (actionId: string, id: string, who = user) => postInteraction(server, blockActionsPayload({ user: who, channel: ev.channel, messageTs: String(post.body.ts ?? ev.ts), blockId: actions.block_id!, actionId, responseUrl: slack.responseUrl(id) }));
    expect((await click('csat_4', `first-${kind}`)).status).toBe(200);
    const answer = await eventually(async () => slack.responses.find((r) => r.id === `first-${kind}`));
    expect(answer.body).toMatchObject({ replace_original: true, text: expect.stringContaining('You rated this conversation 4 out of 5') });
    const conv = await db().conversation.findUniqueOrThrow({ where: { id: c.id } });
    const row = await db().csatResponse.findUniqueOrThrow({ where: { conversationId: c.id } });
    expect(row).toMatchObject({ score: 4, channel: 'slack', agentId, teamId: conv.teamId, type: conv.type });
    expect(conv.type).not.toBeNull();

    // A second click (or a different button) is answered politely and stores nothing new.
    expect((await click('csat_1', `again-${kind}`)).status).toBe(200);
    expect((await eventually(async () => slack.responses.find((r) => r.id === `again-${kind}`))).body).toMatchObject({ response_type: 'ephemeral', text: 'You already rated this conversation. Thank you!' });
    expect(await db().csatResponse.count({ where: { conversationId: c.id } })).toBe(1);
    expect((await db().csatResponse.findUniqueOrThrow({ where: { conversationId: c.id } })).score).toBe(4);
  });

  it('only the customer can rate; expired and forged surveys are refused politely', async () => {
    const { c, user, ev } = await conversationFrom('Thanks for nothing');
    await resolve(c.id);
    const post = await surveyPost(ev.channel);
    const blockId = blocksOf(post).find((b) => b.type === 'actions')!.block_id!;
    const click = (blockIdUsed: string, who: string, id: string) => postInteraction(server, blockActionsPayload({ user: who, channel: ev.channel, messageTs: ev.ts, blockId: blockIdUsed, actionId: 'csat_2', responseUrl: slack.responseUrl(id) }));
    const answerTo = async (id: string) => (await eventually(async () => slack.responses.find((r) => r.id === id))).body;

    expect((await click(blockId, 'U0BYSTANDER', `other-${kind}`)).status).toBe(200);
    expect(await answerTo(`other-${kind}`)).toMatchObject({ response_type: 'ephemeral', text: 'Only the customer who started this conversation can rate it.' });
    const expired = `csat:${signCsatToken(CSAT_SECRET, c.id, Date.now() - 8 * 86_400_000)}`;
    await click(expired, user, `expired-${kind}`);
    expect(await answerTo(`expired-${kind}`)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('expired') });
    const forged = `csat:${signCsatToken('not-the-server-secret-0123456789', c.id)}`;
    await click(forged, user, `forged-${kind}`);
    expect(await answerTo(`forged-${kind}`)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('no longer valid') });
    await settle();
    expect(await db().csatResponse.count({ where: { conversationId: c.id } })).toBe(0);
    // The customer's own click still counts afterwards.
    await click(blockId, user, `mine-${kind}`);
    await eventually(() => db().csatResponse.findUnique({ where: { conversationId: c.id } }));
  });

  it('malformed or unsigned interactions get a 4xx, never a 500', async () => {
    const good = blockActionsPayload({ user: 'U0X', channel: 'D0X', messageTs: nextTs(), blockId: 'csat:abc.def', actionId: 'csat_3', responseUrl: slack.responseUrl('never') });
    const body = new URLSearchParams({ payload: JSON.stringify(good) }).toString();
    expect((await postInteraction(server, good, { secret: 'not-the-signing-secret' })).status).toBe(401);
    const unsigned = await fetch(`${server.url}/channels/slack/interactions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(unsigned.status).toBe(401);
    const cases: [string, { raw?: string; contentType?: string }][] = [
      ['no payload field', { raw: 'foo=bar' }],
      ['payload is not JSON', { raw: 'payload=%7Bnot-json' }],
      ['payload is an array', { raw: `payload=${encodeURIComponent('[1,2]')}` }],
      ['JSON body instead of a form', { raw: JSON.stringify(good), contentType: 'application/json' }],
      ['block_actions without actions', { raw: new URLSearchParams({ payload: JSON.stringify({ ...good, actions: [] }) }).toString() }],
      ['block_actions without a user', { raw: new URLSearchParams({ payload: JSON.stringify({ ...good, user: null }) }).toString() }],
      ['an action that is not an object', { raw: new URLSearchParams({ payload: JSON.stringify({ ...good, actions: ['csat_5'] }) }).toString() }],
      ['a response_url that is not a URL', { raw: new URLSearchParams({ payload: JSON.stringify({ ...good, response_url: 'javascript:alert(1)' }) }).toString() }],
    ];
    for (const [why, o] of cases) {
      const res = await postInteraction(server, null, o);
      expect(res.status, why).toBe(400);
      expect(JSON.parse(res.text), why).toMatchObject({ statusCode: 400 });
    }
    // Interactions that are not ours (a shortcut, another app's button) are acknowledged and ignored.
    expect((await postInteraction(server, { type: 'shortcut', callback_id: 'x', team: { id: TEAM }, user: { id: 'U0X' } })).status).toBe(200);
    expect((await postInteraction(server, { ...good, actions: [{ action_id: 'other', block_id: 'other', value: '1' }] })).status).toBe(200);
    await settle();
    expect(slack.responses.some((r) => r.id === 'never')).toBe(false);
  });
});
