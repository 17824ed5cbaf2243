// Agent replies go into the customer's Slack thread with chat.postMessage. Rate limits (429 with
// Retry-After) are waited out once when short; longer ones go back to the outbox's backoff.
import { webApi } from '@slack/bolt';
import { PermanentDeliveryError, type OutboundMessage, type SendResult } from '../types.js';
import { clientFor } from './api.js';
import { messageExternalId, splitThreadKey } from './events.js';
import { toSlack } from './markup.js';
import { readSettings } from './settings.js';
import { shareFiles, uploadFiles } from './files.js';

/** Waited out inside send; anything longer is thrown for the outbox to retry later. */
export const MAX_INLINE_WAIT_MS = 5_000;

/** Retrying later can help; `retryAfterMs` is Slack's own estimate (a hint for the outbox). */
export class SlackRateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Slack rate limited this call; retry after ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

// Errors no retry can fix: the token, the channel or the message itself is wrong.
const PERMANENT = new Set([
  'invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'no_permission', 'missing_scope',
  'channel_not_found', 'not_in_channel', 'is_archived', 'user_not_found', 'cannot_dm_bot', 'msg_too_long', 'no_text',
  'invalid_arguments', 'restricted_action', 'team_access_not_granted', 'thread_not_found',
]);

interface CodedError { code?: string; retryAfter?: number; data?: { error?: string } }

/** Where a reply goes: the conversation's thread, else the customer's DM with the app. */
export function replyTarget(message: Pick<OutboundMessage, 'threadKey' | 'recipient'>): { channel: string; threadTs?: string } | null {
  const thread = message.threadKey ? splitThreadKey(message.threadKey) : null;
  if (thread) return { channel: thread.channel, threadTs: thread.threadTs };
  const user = message.recipient?.kind === 'slack' ? message.recipient.value.split(':').pop() : undefined;
  // Posting to a user id opens the app's DM with that user.
  return user ? { channel: user } : null;
}

/** Remembers a reply's posted text across the outbox's retries, so sharing its files again never posts it twice. */
export interface PostedMemo { get(): Promise<string | null>; set(value: string | null): Promise<void> }

/** `blocks` (Block Kit) are shown instead of the text, which stays as the notification fallback. */
export async function sendSlack(message: OutboundMessage, wait = (ms: number) => new Promise((r) => setTimeout(r, ms)), blocks?: unknown[], posted?: PostedMemo): Promise<SendResult> {
  const settings = readSettings(message.inbox.settings);
  if (!settings) throw new PermanentDeliveryError('the Slack inbox settings are incomplete (botToken, signingSecret, teamId)');
  const target = replyTarget(message);
  if (!target) throw new PermanentDeliveryError('the conversation has no Slack thread or user to reply to');
  // Agents write plain text with Markdown; Slack reads &, < and > as markup, so it is escaped.
  // A reply of files only still gets a line of text: Slack needs one, and it names what follows.
  const text = message.body || (message.attachments ?? []).map((f) => f.filename).join(', ');
  const post = () => clientFor(settings).chat.postMessage({ channel: target.channel, text: toSlack(text), ...(target.threadTs ? { thread_ts: target.threadTs } : {}), ...(blocks ? { blocks: blocks as never } : {}) });
  try {
    const uploaded = message.attachments?.length ? await uploadFiles(settings, message.attachments) : null;
    const earlier = uploaded && posted ? (JSON.parse((await posted.get()) ?? 'null') as { channel?: string; ts?: string } | null) : null;
    let result: { channel?: string; ts?: string } | undefined = earlier ?? undefined;
    if (!result) {
      try {
        result = await post();
      } catch (err) {
        const retryAfterMs = rateLimitDelay(err);
        if (retryAfterMs === null || retryAfterMs > MAX_INLINE_WAIT_MS) throw err;
        await wait(retryAfterMs);
        result = await post();
      }
      if (uploaded && posted) await posted.set(JSON.stringify({ channel: result.channel, ts: result.ts }));
    }
    // The files follow the text into the same thread (a DM's channel id comes back from the post).
    if (uploaded) {
      await shareFiles(settings, uploaded, { channel: result.channel ?? target.channel, ...(target.threadTs ? { threadTs: target.threadTs } : {}) });
      await posted?.set(null);
    }
    return { status: 'sent', ...(result.ts ? { externalId: messageExternalId(result.channel ?? target.channel, result.ts) } : {}) };
  } catch (err) {
    throw classify(err);
  }
}

function rateLimitDelay(err: unknown): number | null {
  const e = err as CodedError;
  return e?.code === webApi.ErrorCode.RateLimitedError ? Math.max(0, (e.retryAfter ?? 1) * 1000) : null;
}

/** Maps Web API failures to the outbox's vocabulary: permanent, rate limited, or retryable. */
export function classify(err: unknown): Error {
  const e = err as CodedError;
  const delay = rateLimitDelay(err);
  if (delay !== null) return new SlackRateLimitedError(delay);
  if (e?.code === webApi.ErrorCode.PlatformError && e.data?.error && PERMANENT.has(e.data.error)) return new PermanentDeliveryError(`Slack refused the message: ${e.data.error}`);
  return err instanceof Error ? err : new Error(String(err));
}
