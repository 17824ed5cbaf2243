// The Slack send path against the Web API stand-in: threading, error mapping, rate limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetSlackCaches } from '../../../../channels/slack/api.js';
import { classify, replyTarget, sendSlack, SlackRateLimitedError } from '../../../../channels/slack/outbound.js';
import { PermanentDeliveryError, type OutboundMessage } from '../../../../channels/types.js';
import { STANDIN_BOT, startSlackStandin, type SlackStandin } from '../../../helpers/slack-standin.js';

let slack: SlackStandin;
const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: 1, conversationId: 'c1', body: 'Hello from support', authorName: 'Wendy', subject: null,
  inbox: { id: 'i1', settings: { botToken: STANDIN_BOT.token, signingSecret: 'secret-secret', teamId: 'T0STANDIN', apiUrl: slack.apiUrl } },
  recipient: { kind: 'slack', value: 'T0STANDIN:U0ADA' }, threadKey: 'C0COMM:1700000001.000100', ...over,
});

beforeAll(async () => {
  slack = await startSlackStandin();
});
beforeEach(() => {
  resetSlackCaches();
  slack.calls.length = 0;
});
afterAll(async () => {
  await slack.close();
});

describe('replyTarget', () => {
  it('uses the thread, else the customer user id, else nothing', () => {
    expect(replyTarget({ threadKey: 'C1:1.2', recipient: null })).toEqual({ channel: 'C1', threadTs: '1.2' });
    expect(replyTarget({ threadKey: null, recipient: { kind: 'slack', value: 'T1:U9' } })).toEqual({ channel: 'U9' });
    expect(replyTarget({ threadKey: null, recipient: null })).toBeNull();
  });
});

describe('sendSlack', () => {
  it('posts chat.postMessage with channel, thread_ts and text and returns channel:ts', async () => {
    const result = await sendSlack(message());
    expect(slack.callsTo('chat.postMessage').map((c) => c.body)).toEqual([{ channel: 'C0COMM', thread_ts: '1700000001.000100', text: 'Hello from support' }]);
    expect(result).toEqual({ status: 'sent', externalId: expect.stringMatching(/^C0COMM:1800000000\.\d{6}$/) });
  });

  it('waits out a short Retry-After once, inside send', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    const waits: number[] = [];
    await sendSlack(message(), async (ms) => void waits.push(ms));
    expect(waits).toEqual([2000]);
    expect(slack.callsTo('chat.postMessage').map((c) => c.answered)).toEqual(['ratelimited', 'ok']);
  });

  it('hands a long Retry-After back to the outbox with the delay', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const err = await sendSlack(message()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackRateLimitedError);
    expect((err as SlackRateLimitedError).retryAfterMs).toBe(30_000);
  });

  it.each(['invalid_auth', 'channel_not_found', 'not_in_channel'])('%s is permanent', async (error) => {
    slack.failNext('chat.postMessage', { error });
    await expect(sendSlack(message())).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('other platform errors and bad settings are told apart', async () => {
    slack.failNext('chat.postMessage', { error: 'internal_error' });
    const err = await sendSlack(message()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    await expect(sendSlack(message({ inbox: { id: 'i1', settings: {} } }))).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sendSlack(message({ threadKey: null, recipient: null }))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('classify leaves unknown errors retryable', () => {
    expect(classify('boom')).toBeInstanceOf(Error);
    expect(classify(new TypeError('x'))).toBeInstanceOf(TypeError);
  });
});
