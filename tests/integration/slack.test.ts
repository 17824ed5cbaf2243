// Slack through the real server: signed Events API deliveries in, Web API calls out (to a local
// stand-in speaking Slack's wire format), on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdapters } from '../../channels/registry.js';
import { slackAdapter } from '../../channels/slack/adapter.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { envelope, eventually, nextTs, postEvent, SECRET, settle, STANDIN_BOT, startSlackStandin, TEAM, type SlackStandin } from '../helpers/slack-standin.js';

const COMMUNITY = 'C0COMMUNITY';

describe.each(databases())('%s', (kind) => {
  let server: TestServer;
  let slack: SlackStandin;
  let admin: string;
  let inboxId: string;

  const db = () => server.app.ctx.db;
  const conversationByThread = (threadKey: string) =>
    db().conversation.findFirst({ where: { inboxId, externalThreadId: threadKey }, include: { messages: { orderBy: { id: 'asc' }, include: { attachments: true } }, customer: { include: { identities: true } } } });
  const dm = (user: string, text: string, over: Record<string, unknown> = {}) => ({ type: 'message', channel: 'D0DM' + user, channel_type: 'im', user, text, ts: nextTs(), ...over });

  beforeAll(async () => {
    slack = await startSlackStandin({ teamId: TEAM });
    slack.addUser('U0ADA', { real_name: 'Ada Lovelace', email: 'ada@example.com' });
    slack.addUser('U0BOB', { real_name: 'Bob Builder' });
    server = await startTestServer(kind, {}, { adapters: { ...defaultAdapters(), slack: slackAdapter } });
    admin = await server.login();
    const res = await server.api<{ id: string; settings: Record<string, unknown>; secretsSet: Record<string, boolean> }>('POST', '/api/inboxes', {
      token: admin,
      body: { channel: 'slack', name: 'Slack community', settings: { botToken: STANDIN_BOT.token, signingSecret: SECRET, teamId: TEAM, communityChannelIds: [COMMUNITY], apiUrl: slack.apiUrl } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.settings).not.toHaveProperty('botToken');
    expect(res.body.settings).not.toHaveProperty('signingSecret');
    expect(res.body.secretsSet).toEqual({ botToken: true, signingSecret: true });
    inboxId = res.body.id;
  });
  afterAll(async () => {
    await server?.close();
    await slack?.close();
  });

  it('rejects settings without a bot token, naming the field', async () => {
    const res = await server.api<{ field: string }>('POST', '/api/inboxes', { token: admin, body: { channel: 'slack', name: 'x', settings: { signingSecret: SECRET, teamId: TEAM } } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('settings.botToken');
  });

  it('answers url_verification with the challenge', async () => {
    const res = await postEvent(server, { token: 'legacy', challenge: 'ch4llenge', type: 'url_verification' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'ch4llenge' });
  });

  it('rejects bad signatures, stale or future timestamps and missing headers with 401', async () => {
    const payload = envelope(dm('U0ADA', 'forged'));
    expect((await postEvent(server, payload, { secret: 'not-the-secret-at-all' })).status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    expect((await postEvent(server, payload, { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await postEvent(server, payload, { timestamp: now + 6 * 60 })).status).toBe(401);
    const bare = await fetch(`${server.url}/channels/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ statusCode: 401, code: 'INVALID_SIGNATURE' });
    await settle();
    expect(await db().message.count({ where: { inboxId } })).toBe(0);
  });

  it('answers malformed (but signed) bodies with 400', async () => {
    expect((await postEvent(server, null, { raw: '{"type": "event_callback", ' })).status).toBe(400);
    const noEvent = await postEvent(server, { type: 'event_callback', team_id: TEAM, event_id: 'Ev1' });
    expect(noEvent.status).toBe(400);
    expect(JSON.parse(noEvent.text)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await postEvent(server, { type: 'something_else' })).status).toBe(400);
  });

  it('a direct message opens a conversation with the Slack profile as the customer', async () => {
    const ev = dm('U0ADA', 'Hello &amp; help, my invoice is wrong');
    const res = await postEvent(server, envelope(ev));
    expect(res.status).toBe(200);
    const c = await eventually(() => conversationByThread(`${ev.channel}:${ev.ts}`));
    expect(c.channel).toBe('slack');
    expect(c.messages.map((m) => [m.body, m.externalId, m.authorKind])).toEqual([['Hello & help, my invoice is wrong', `${ev.channel}:${ev.ts}`, 'customer']]);
    expect(c.customer.name).toBe('Ada Lovelace');
    expect(c.customer.identities.map((i) => [i.kind, i.value])).toEqual([['slack', `${TEAM}:U0ADA`]]);
    // The email from users.info is unverified: it is not put on the customer.
    expect(c.customer.email).toBeNull();
    // A later top-level DM continues the same conversation.
    const again = dm('U0ADA', 'Any news?');
    await postEvent(server, envelope(again));
    await eventually(async () => (await conversationByThread(`${ev.channel}:${ev.ts}`))!.messages.length === 2);
  });

  it('community posts open a conversation per thread; replies join; other channels are ignored', async () => {
    const root = { type: 'message', channel: COMMUNITY, channel_type: 'channel', user: 'U0BOB', text: 'How do I export data?', ts: nextTs() };
    await postEvent(server, envelope(root));
    const reply = { ...root, text: 'Still stuck', ts: nextTs(), thread_ts: root.ts };
    await postEvent(server, envelope(reply));
    const c = await eventually(async () => {
      const found = await conversationByThread(`${COMMUNITY}:${root.ts}`);
      return found && found.messages.length === 2 ? found : null;
    });
    expect(c.messages.map((m) => m.body)).toEqual(['How do I export data?', 'Still stuck']);
    await postEvent(server, envelope({ ...root, channel: 'C0RANDOM', ts: nextTs() }));
    await settle();
    expect(await db().message.count({ where: { inboxId, externalId: { startsWith: 'C0RANDOM:' } } })).toBe(0);
  });

  it('retries and duplicate event ids are stored once', async () => {
    const ev = { type: 'message', channel: COMMUNITY, channel_type: 'channel', user: 'U0BOB', text: 'once only', ts: nextTs() };
    const payload = envelope(ev);
    await postEvent(server, payload);
    expect((await postEvent(server, payload, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await postEvent(server, payload);
    await eventually(() => conversationByThread(`${COMMUNITY}:${ev.ts}`));
    await settle();
    expect(await db().message.count({ where: { inboxId, externalId: `${COMMUNITY}:${ev.ts}` } })).toBe(1);
  });

  it('ignores bot messages, our own posts and events from an unknown workspace', async () => {
    const base = { type: 'message', channel: COMMUNITY, channel_type: 'channel', text: 'echo' };
    const before = await db().message.count({ where: { inboxId } });
    await postEvent(server, envelope({ ...base, ts: nextTs(), bot_id: 'B0OTHER', subtype: 'bot_message' }));
    await postEvent(server, envelope({ ...base, ts: nextTs(), user: STANDIN_BOT.userId }));
    await postEvent(server, envelope({ ...base, ts: nextTs(), user: 'U0BOB', bot_id: STANDIN_BOT.botId }));
    const unknown = await postEvent(server, envelope({ ...base, ts: nextTs(), user: 'U0BOB' }, { team_id: 'T0NOBODY' }));
    expect(unknown.status).toBe(200);
    await settle();
    expect(await db().message.count({ where: { inboxId } })).toBe(before);
  });

  it('edits and deletions become system lines, once', async () => {
    const ev = dm('U0EDIT', 'first wording');
    slack.addUser('U0EDIT', { real_name: 'Eddie' });
    await postEvent(server, envelope(ev));
    const c = await eventually(() => conversationByThread(`${ev.channel}:${ev.ts}`));
    const edit = envelope({ type: 'message', subtype: 'message_changed', channel: ev.channel, channel_type: 'im', ts: nextTs(), message: { ts: ev.ts, user: 'U0EDIT', text: 'second wording' }, previous_message: { ts: ev.ts, user: 'U0EDIT', text: 'first wording' } });
    await postEvent(server, edit);
    await postEvent(server, edit, { headers: { 'x-slack-retry-num': '1' } });
    await postEvent(server, envelope({ type: 'message', subtype: 'message_deleted', channel: ev.channel, channel_type: 'im', ts: nextTs(), deleted_ts: ev.ts, previous_message: { ts: ev.ts, user: 'U0EDIT', text: 'second wording' } }));
    const lines = await eventually(async () => {
      const ms = await db().message.findMany({ where: { conversationId: c.id, authorKind: 'system' }, orderBy: { id: 'asc' } });
      return ms.length >= 2 ? ms : null;
    });
    await settle();
    expect((await db().message.findMany({ where: { conversationId: c.id, authorKind: 'system' }, orderBy: { id: 'asc' } })).map((m) => m.body)).toEqual([
      'Customer edited a message: second wording', 'Customer deleted a message: second wording',
    ]);
    expect(lines).toHaveLength(2);
  });

  it('shared files are downloaded with the bot token and stored as attachments', async () => {
    const url = slack.addFile('F0PDF', Buffer.from('%PDF-1.4 tiny'), 'application/pdf');
    const ev = dm('U0BOB', '', { subtype: 'file_share', files: [
      { id: 'F0PDF', name: 'invoice.pdf', mimetype: 'application/pdf', size: 13, url_private_download: url },
      { id: 'F0BIG', name: 'huge.mov', mimetype: 'video/quicktime', size: 500 * 1024 * 1024, url_private_download: slack.addFile('F0BIG', Buffer.from('x')) },
      { id: 'F0EVIL', name: 'evil.txt', size: 3, url_private_download: 'https://attacker.example/steal' },
    ] });
    await postEvent(server, envelope(ev));
    const c = await eventually(() => conversationByThread(`${ev.channel}:${ev.ts}`));
    const m = c.messages[0]!;
    expect(m.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([['invoice.pdf', 'application/pdf', 13]]);
    expect(m.body).toContain('Shared invoice.pdf');
    expect(m.body).toContain('not received: huge.mov, evil.txt');
    expect(slack.downloads).toEqual([{ id: 'F0PDF', token: STANDIN_BOT.token }]);
  });

  it('agent replies are posted in the thread; notes are not; 429 Retry-After is honoured', async () => {
    const root = { type: 'message', channel: COMMUNITY, channel_type: 'channel', user: 'U0BOB', text: 'Reply to me please', ts: nextTs() };
    await postEvent(server, envelope(root));
    const c = await eventually(() => conversationByThread(`${COMMUNITY}:${root.ts}`));
    const posted = () => slack.callsTo('chat.postMessage').filter((x) => x.body.thread_ts === root.ts);
    await server.api('POST', `/api/conversations/${c.id}/messages`, { token: admin, body: { body: 'internal only', private: true } });
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const res = await server.api<{ id: number }>('POST', `/api/conversations/${c.id}/messages`, { token: admin, body: { body: 'Use Settings > Export.' } });
    expect(res.status).toBe(201);
    const sent = await eventually(async () => {
      const m = await db().message.findUnique({ where: { id: res.body.id } });
      return m?.deliveryStatus === 'sent' ? m : null;
    }, 10_000);
    const call = { channel: COMMUNITY, thread_ts: root.ts, text: 'Use Settings > Export.', token: STANDIN_BOT.token };
    expect(posted().map((x) => ({ channel: x.body.channel, thread_ts: x.body.thread_ts, text: x.body.text, token: x.token, answered: x.answered }))).toEqual([
      { ...call, answered: 'ratelimited' }, { ...call, answered: 'ok' },
    ]);
    expect(sent.externalId).toMatch(new RegExp(`^${COMMUNITY}:1800000000\\.\\d{6}$`));
    expect(slack.calls.some((x) => x.body.text === 'internal only')).toBe(false);
  });

  it('mirror: new conversations are posted to the internal channel and thread replies reach the customer', async () => {
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', {
      token: admin,
      body: { channel: 'slack', name: 'Slack mirrored', settings: { botToken: STANDIN_BOT.token, signingSecret: SECRET, teamId: 'T0MIRROR', mirrorChannelId: 'C0MIRROR', apiUrl: slack.apiUrl } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ev = dm('U0ADA', 'Mirror me');
    await postEvent(server, envelope(ev, { team_id: 'T0MIRROR' }));
    const root = await eventually(async () => slack.callsTo('chat.postMessage').find((x) => x.body.channel === 'C0MIRROR' && !x.body.thread_ts));
    expect(String(root.body.text)).toContain('New conversation from Ada Lovelace');
    expect(String(root.body.text)).toContain('Mirror me');
    const rootTs = await eventually(async () => db().setting.findFirst({ where: { key: { startsWith: `channel:slack:mirror:ts:${res.body.id}:` } } }));
    const mirrorTs = rootTs.key.split(':').pop()!;
    // An agent answers in the mirror thread; the bot's own mirror post coming back is ignored.
    await postEvent(server, envelope({ type: 'message', channel: 'C0MIRROR', channel_type: 'channel', bot_id: STANDIN_BOT.botId, text: root.body.text, ts: mirrorTs }, { team_id: 'T0MIRROR' }));
    slack.addUser('U0AGENT', { real_name: 'Agent Smith' });
    const answer = envelope({ type: 'message', channel: 'C0MIRROR', channel_type: 'channel', user: 'U0AGENT', text: 'We are on it', ts: nextTs(), thread_ts: mirrorTs }, { team_id: 'T0MIRROR' });
    await postEvent(server, answer);
    await postEvent(server, answer, { headers: { 'x-slack-retry-num': '1' } });
    const toCustomer = await eventually(async () => slack.callsTo('chat.postMessage').find((x) => x.body.channel === ev.channel));
    expect(toCustomer.body).toMatchObject({ channel: ev.channel, thread_ts: ev.ts, text: 'We are on it' });
    const c = await eventually(async () => {
      const conv = await db().conversation.findFirst({ where: { inboxId: res.body.id }, include: { messages: { orderBy: { id: 'asc' } } } });
      return conv && conv.messages.length === 2 ? conv : null;
    });
    await settle();
    expect(slack.callsTo('chat.postMessage').filter((x) => x.body.channel === ev.channel)).toHaveLength(1);
    expect(c.messages.map((m) => [m.authorKind, m.body])).toEqual([['customer', 'Mirror me'], ['system', 'Agent Smith replied from Slack: We are on it']]);
  });
});
