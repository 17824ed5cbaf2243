// Slack's markup both ways (issue #18 item 12), through the real server: a signed event with links,
// mentions and mrkdwn is stored as the agent should read it; an agent's reply reaches the Web API
// stand-in escaped, with Markdown emphasis and links as mrkdwn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdapters } from '../../channels/registry.js';
import { createSlackAdapter } from '../../channels/slack/adapter.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { envelope, eventually, nextTs, postEvent, SECRET, STANDIN_BOT, startSlackStandin, TEAM, type SlackStandin } from '../helpers/slack-standin.js';

describe('slack markup', () => {
  let server: TestServer;
  let slack: SlackStandin;
  let admin: string;
  let inboxId: string;

  beforeAll(async () => {
    slack = await startSlackStandin({ teamId: TEAM });
    slack.addUser('U0MARK', { real_name: 'Mara Kim' });
    slack.addUser('U0BOB', { real_name: 'Bob Builder' });
    server = await startTestServer('sqlite', { SLACK_API_URL: slack.apiUrl }, { adapters: { ...defaultAdapters(), slack: createSlackAdapter() } });
    admin = await server.login();
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'slack', name: 'Slack', settings: { botToken: STANDIN_BOT.token, signingSecret: SECRET, teamId: TEAM } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    inboxId = res.body.id;
  });
  afterAll(async () => {
    await server?.close();
    await slack?.close();
  });

  it('links, mentions, channel names, broadcasts and emphasis read naturally; entities are decoded', async () => {
    const text = 'Hi <@U0BOB>, my order <https://shop.example/o/1?a=1&amp;b=2|#1 &amp; more> is *late* and ~lost~ (see <#C0GEN|general>, <!here>, <mailto:me@x.example|me@x.example>, <https://shop.example/faq>). I &lt;3 `code *stays*` you';
    const ev = { type: 'message', channel: 'D0MARK', channel_type: 'im', user: 'U0MARK', text, ts: nextTs() };
    await postEvent(server, envelope(ev));
    const m = await eventually(() => server.app.ctx.db.message.findFirst({ where: { inboxId, externalId: `D0MARK:${ev.ts}` } }));
    expect(m.body).toBe('Hi @Bob Builder, my order #1 & more (https://shop.example/o/1?a=1&b=2) is **late** and ~~lost~~ (see #general, @here, me@x.example, https://shop.example/faq). I <3 `code *stays*` you');
  });

  it('a reply is escaped for Slack, with Markdown emphasis and links as mrkdwn', async () => {
    const ev = { type: 'message', channel: 'D0MARK2', channel_type: 'im', user: 'U0MARK', text: 'help', ts: nextTs() };
    await postEvent(server, envelope(ev));
    const m = await eventually(() => server.app.ctx.db.message.findFirst({ where: { inboxId, externalId: `D0MARK2:${ev.ts}` } }));
    const before = slack.callsTo('chat.postMessage').length;
    const res = await server.api('POST', `/api/conversations/${m.conversationId}/messages`, { token: admin, body: { body: '**Thanks!** See [the guide](https://help.example/x?a=1&b=2) & note: a<b, <!channel> is not a ping, ~~old~~ `**raw**`' } });
    expect(res.status).toBe(201);
    const call = await eventually(async () => slack.callsTo('chat.postMessage')[before]);
    expect(call.body.text).toBe('*Thanks!* See <https://help.example/x?a=1&amp;b=2|the guide> &amp; note: a&lt;b, &lt;!channel&gt; is not a ping, ~old~ `**raw**`');
  });

  it('a reply over Slack\'s 4,000 characters is a 400 naming the field', async () => {
    const ev = { type: 'message', channel: 'D0MARK3', channel_type: 'im', user: 'U0MARK', text: 'long?', ts: nextTs() };
    await postEvent(server, envelope(ev));
    const m = await eventually(() => server.app.ctx.db.message.findFirst({ where: { inboxId, externalId: `D0MARK3:${ev.ts}` } }));
    const res = await server.api<{ code: string; field: string }>('POST', `/api/conversations/${m.conversationId}/messages`, { token: admin, body: { body: 'z'.repeat(4001) } });
    expect([res.status, res.body.code, res.body.field]).toEqual([400, 'MESSAGE_TOO_LONG', 'body']);
  });
});
