// Signature checks across inboxes, inbox choice per workspace, settings and text decoding.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { threadKeyOf, splitThreadKey } from '../../../../channels/slack/events.js';
import { decodeSlackText } from '../../../../channels/slack/inbound.js';
import { slackSettingsSchema } from '../../../../channels/slack/settings.js';
import { pickInbox, signedBy, type SlackInbox } from '../../../../channels/slack/verify.js';

const inbox = (id: string, teamId: string, signingSecret: string, communityChannelIds: string[] = []): SlackInbox => ({
  inbox: { id, channel: 'slack', name: id, language: 'en', enabled: true, settings: {} },
  settings: { botToken: 'xoxb-1', signingSecret, teamId, communityChannelIds },
});
const sign = (secret: string, body: string, ts: number) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

describe('signedBy', () => {
  const a = inbox('a', 'T0A', 'secret-a-123');
  const b = inbox('b', 'T0B', 'secret-b-123');
  const now = Math.floor(Date.now() / 1000);
  it('finds the inboxes whose secret signed the body', () => {
    expect(signedBy([a, b], '{"x":1}', sign('secret-b-123', '{"x":1}', now), now)).toEqual([b]);
  });
  it('rejects a changed body, a wrong version and a stale timestamp', () => {
    expect(signedBy([a], '{"x":2}', sign('secret-a-123', '{"x":1}', now), now)).toEqual([]);
    expect(signedBy([a], '{}', sign('secret-a-123', '{}', now).replace('v0=', 'v1='), now)).toEqual([]);
    expect(signedBy([a], '{}', sign('secret-a-123', '{}', now - 400), now - 400)).toEqual([]);
  });
});

describe('pickInbox', () => {
  it('prefers the inbox watching the channel, then the first of the workspace', () => {
    const x = inbox('x', 'T0A', 's-12345678');
    const y = inbox('y', 'T0A', 's-12345678', ['C0Y']);
    expect(pickInbox([x, y], 'T0A', 'C0Y')).toBe(y);
    expect(pickInbox([x, y], 'T0A', 'D0DM')).toBe(x);
    expect(pickInbox([x, y], 'T0OTHER', 'C0Y')).toBeNull();
  });
});

describe('settings', () => {
  const ok = { botToken: 'xoxb-1-2-abc', signingSecret: 'abcdef123456', teamId: 'T012AB' };
  it('defaults community channels and accepts an apiUrl', () => {
    expect(slackSettingsSchema.parse({ ...ok, apiUrl: 'http://127.0.0.1:9/api/' })).toMatchObject({ communityChannelIds: [] });
  });
  it('names the bad field', () => {
    expect(slackSettingsSchema.safeParse({ ...ok, botToken: 'xoxp-user' }).error?.issues[0]?.path).toEqual(['botToken']);
    expect(slackSettingsSchema.safeParse({ ...ok, teamId: 'nope' }).error?.issues[0]?.path).toEqual(['teamId']);
    expect(slackSettingsSchema.safeParse({ ...ok, communityChannelIds: ['C0AB'], mirrorChannelId: 'C0AB' }).error?.issues[0]?.path).toEqual(['mirrorChannelId']);
  });
});

describe('threads and text', () => {
  it('maps a message to its thread', () => {
    expect(threadKeyOf('C1', '1.1')).toBe('C1:1.1');
    expect(threadKeyOf('C1', '1.2', '1.1')).toBe('C1:1.1');
    expect(splitThreadKey('C1:1.1')).toEqual({ channel: 'C1', threadTs: '1.1' });
    expect(splitThreadKey('broken')).toBeNull();
  });
  it('decodes Slack escapes', () => {
    expect(decodeSlackText('a &lt;b&gt; &amp;amp;')).toBe('a <b> &amp;');
  });
});
