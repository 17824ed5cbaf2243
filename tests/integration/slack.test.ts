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
    server = await startTestServer(kind, { SLACK_API_URL: slack.apiUrl }, { adapters: { ...defaultAdapters(), slack: slackAdapter } });
    admin = await server.login();
    const res = await server.api<{ id: string; settings: Record<string, unknown>; secretsSet: Record<string, boolean> }>('POST', '/api/inboxes', {
      token: admin,
      body: { channel: 'slack', name: 'Slack community', settings: { botToken: STANDIN_BOT.token, signingSecret: SECRET, teamId: TEAM, communityChannelIds: [COMMUNITY] } },
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
    // The email from users.info is unverified: contact data on the customer, never an identity.
    await eventually(async () => (await db().customer.findUnique({ where: { id: c.customerId } }))?.email === 'ada@example.com');
    // A later top-level DM continues the same conversation.
    const again = dm('U0ADA', 'Any news?');
    await postEvent(server, envelope(again));
    await eventually(async () => (await conversationByThread(`${ev.channel}:${ev.ts}`))!.messages.length === 2);
  });

  it('community posts open a conversation per thread; replies join; other channels are ignored', async () => {
    const root = { type: 'message', channel: COMMUNITY, channel_type: 'channel', user: 'U0BOB', text: 'How do I export data?', ts: nextTs() };
    await postEvent(server, envelope(root));
    // Events are handled concurrently after the ack (Slack does not order them either): one at a time here.
    await eventually(() => conversationByThread(`${COMMUNITY}:${root.ts}`));
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
    // Handled concurrently after the ack: the deletion is sent once the edit is stored, to pin the order.
    await eventually(() => db().message.findFirst({ where: { conversationId: c.id, authorKind: 'system' } }));
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
    // Slack reads &, < and > as markup: the agent's ">" arrives escaped.
    const call = { channel: COMMUNITY, thread_ts: root.ts, text: 'Use Settings &gt; Export.', token: STANDIN_BOT.token };
    expect(posted().map((x) => ({ channel: x.body.channel, thread_ts: x.body.thread_ts, text: x.body.text, token: x.token, answered: x.answered }))).toEqual([
      { ...call, answered: 'ratelimited' }, { ...call, answered: 'ok' },
    ]);
    expect(sent.externalId).toMatch(new RegExp(`^${COMMUNITY}:1800000000\\.\\d{6}$`));
    expect(slack.calls.some((x) => x.body.text === 'internal only')).toBe(false);
  });

  it('a Slack profile email of a customer known by email becomes a merge suggestion an agent confirms', async () => {
    const email = `grace-${kind}@example.com`;
    // Grace wrote by email before: her address is a verified identity on her own customer.
    const mail = await db().inbox.create({ data: { channel: 'email', name: 'Mail', publicToken: `pt-mail-${kind}-${Date.now()}` } });
    const byEmail = await server.app.ctx.ingest.receive({ inboxId: mail.id, channel: 'email', sender: { kind: 'email', value: email, name: 'Grace Hopper', verified: true }, text: 'Hello by email', externalId: `<grace-${kind}@mail.test>`, threadKey: `<grace-${kind}@mail.test>`, subject: 'Hello' });
    slack.addUser('U0GRACE', { real_name: 'Grace H.', email: email.toUpperCase() });
    const ev = dm('U0GRACE', 'Hi from Slack');
    await postEvent(server, envelope(ev));
    const c = await eventually(() => conversationByThread(`${ev.channel}:${ev.ts}`));
    const note = await eventually(() => db().message.findFirst({ where: { conversationId: c.id, authorKind: 'system', private: true } }));
    expect(note.body).toContain(`Slack profile email ${email} belongs to Grace Hopper (${byEmail.customerId})`);
    // Recognised, not linked: two customers until an agent decides.
    expect(c.customerId).not.toBe(byEmail.customerId);
    expect(c.customer.identities.map((i) => i.kind)).toEqual(['slack']);
    const dup = await server.api<{ duplicates: { customer: { id: string; name: string }; reasons: string[] }[] }>('GET', `/api/customers/${c.customerId}/duplicates`, { token: admin });
    expect(dup.body.duplicates).toEqual([expect.objectContaining({ customer: expect.objectContaining({ id: byEmail.customerId, name: 'Grace Hopper' }), reasons: ['same email'] })]);
    // Nothing of the note reaches Slack: the only post to the DM is none at all.
    expect(slack.callsTo('chat.postMessage').filter((x) => x.body.channel === ev.channel)).toEqual([]);
    const merged = await server.api('POST', `/api/customers/${byEmail.customerId}/merge`, { token: admin, body: { sourceId: c.customerId } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const both = await db().conversation.findMany({ where: { id: { in: [c.id, byEmail.conversationId] } }, select: { customerId: true } });
    expect(both.map((x) => x.customerId)).toEqual([byEmail.customerId, byEmail.customerId]);
    const later = dm('U0GRACE', 'Follow-up', { ts: nextTs() });
    await postEvent(server, envelope(later));
    await eventually(async () => (await db().message.findFirst({ where: { externalId: `${later.channel}:${later.ts}` }, include: { conversation: true } }))?.conversation.customerId === byEmail.customerId);
  });

  it('mirror: agents answer from the thread as themselves; console replies are copied in; nothing loops', async () => {
    const res = await server.api<{ id: string }>('POST', '/api/inboxes', {
      token: admin,
      body: { channel: 'slack', name: 'Slack mirrored', settings: { botToken: STANDIN_BOT.token, signingSecret: SECRET, teamId: 'T0MIRROR', mirrorChannelId: 'C0MIRROR' } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const agentEmail = `smith-${kind}@agents.test`;
    const agent = await server.api<{ id: string }>('POST', '/api/users', { token: admin, body: { email: agentEmail, password: 'a long enough password', name: 'Agent Smith', role: 'agent', teamIds: [] } });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    slack.addUser('U0MIA', { real_name: 'Mia Mirror' });
    // Slack may return the address in another case: matched case-insensitively.
    slack.addUser('U0AGENT', { real_name: 'Agent Smith', email: agentEmail.toUpperCase() });
    slack.addUser('U0SAM', { real_name: 'Sam Stranger', email: 'sam@elsewhere.test' });
    const ev = dm('U0MIA', 'Mirror me');
    const mirror = { team_id: 'T0MIRROR' };
    await postEvent(server, envelope(ev, mirror));
    const root = await eventually(async () => slack.callsTo('chat.postMessage').find((x) => x.body.channel === 'C0MIRROR' && !x.body.thread_ts));
    expect(String(root.body.text)).toContain('New conversation from Mia Mirror');
    expect(String(root.body.text)).toContain('Mirror me');
    const rootTs = await eventually(async () => db().setting.findFirst({ where: { key: { startsWith: `channel:slack:mirror:ts:${res.body.id}:` } } }));
    const mirrorTs = rootTs.key.split(':').pop()!;
    const inThread = () => slack.callsTo('chat.postMessage').filter((x) => x.body.channel === 'C0MIRROR' && x.body.thread_ts === mirrorTs);
    const toCustomer = () => slack.callsTo('chat.postMessage').filter((x) => x.body.channel === ev.channel);
    const conversation = await eventually(() => db().conversation.findFirst({ where: { inboxId: res.body.id } }));
    const publicMessages = async () => (await db().message.findMany({ where: { conversationId: conversation.id, private: false }, orderBy: { id: 'asc' } })).map((m) => [m.authorKind, m.authorId, m.body, m.deliveryStatus]);
    // The bot's own mirror post coming back is ignored.
    await postEvent(server, envelope({ type: 'message', channel: 'C0MIRROR', channel_type: 'channel', bot_id: STANDIN_BOT.botId, text: root.body.text, ts: mirrorTs }, mirror));

    // A known agent answers in the thread (Slack retries once): one reply, as that agent, via the outbox.
    const answer = envelope({ type: 'message', channel: 'C0MIRROR', channel_type: 'channel', user: 'U0AGENT', text: 'We are on it &amp; close', ts: nextTs(), thread_ts: mirrorTs }, mirror);
    await postEvent(server, answer);
    await postEvent(server, answer, { headers: { 'x-slack-retry-num': '1' } });
    const sent = await eventually(async () => toCustomer().find((x) => x.answered === 'ok'));
    // Stored as the agent wrote it, sent escaped as Slack wants it.
    expect(sent.body).toMatchObject({ channel: ev.channel, thread_ts: ev.ts, text: 'We are on it &amp; close' });
    await eventually(async () => (await publicMessages()).length === 2 && (await publicMessages())[1]![3] === 'sent');
    expect((await publicMessages())[1]).toEqual(['agent', agent.body.id, 'We are on it & close', 'sent']);

    // Someone without a Switchboard account: still sent, no agent, a private note says who.
    await postEvent(server, envelope({ type: 'message', channel: 'C0MIRROR', channel_type: 'channel', user: 'U0SAM', text: 'Hello from Sam', ts: nextTs(), thread_ts: mirrorTs }, mirror));
    await eventually(async () => toCustomer().some((x) => x.body.text === 'Hello from Sam'));
    const note = await eventually(() => db().message.findFirst({ where: { conversationId: conversation.id, private: true, body: { contains: 'Sam Stranger' } } }));
    expect(note.body).toContain('sam@elsewhere.test');

    // A console reply goes to the customer and is copied into the mirror thread; a note goes nowhere.
    await server.api('POST', `/api/conversations/${conversation.id}/messages`, { token: admin, body: { body: 'Secret note', private: true } });
    const reply = await server.api<{ id: number }>('POST', `/api/conversations/${conversation.id}/messages`, { token: admin, body: { body: 'Console says hi' } });
    expect(reply.status).toBe(201);
    const copy = await eventually(async () => inThread().find((x) => String(x.body.text).endsWith('(to the customer): Console says hi')));
    expect(toCustomer().map((x) => x.body.text)).toContain('Console says hi');
    // The copy coming back from Slack (our bot's post) stores nothing.
    await postEvent(server, envelope({ type: 'message', channel: 'C0MIRROR', channel_type: 'channel', user: STANDIN_BOT.userId, bot_id: STANDIN_BOT.botId, text: copy.body.text, ts: nextTs(), thread_ts: mirrorTs }, mirror));
    await settle();
    expect(await publicMessages()).toEqual([
      ['customer', null, 'Mirror me', 'delivered'], ['agent', agent.body.id, 'We are on it & close', 'sent'], ['agent', null, 'Hello from Sam', 'sent'], ['agent', expect.any(String), 'Console says hi', 'sent'],
    ]);
    // Each reply reached the customer once; replies written in the thread were not echoed back into it.
    expect(toCustomer().filter((x) => x.answered === 'ok').map((x) => x.body.text)).toEqual(['We are on it &amp; close', 'Hello from Sam', 'Console says hi']);
    expect(inThread().map((x) => String(x.body.text))).toEqual([expect.stringMatching(/\(to the customer\): Console says hi$/)]);
    expect(slack.calls.some((x) => String(x.body.text).includes('Secret note'))).toBe(false);
  });
});
