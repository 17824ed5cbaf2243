// The Events API shapes we rely on (https://api.slack.com/apis/events-api), checked at the edge:
// anything else signed by Slack is acknowledged and ignored, anything unparseable is a 400.
import { z } from 'zod';

const file = z.object({
  id: z.string(),
  name: z.string().optional(),
  title: z.string().optional(),
  mimetype: z.string().optional(),
  size: z.number().optional(),
  url_private_download: z.string().optional(),
  url_private: z.string().optional(),
  mode: z.string().optional(),
});

const innerMessage = z.object({
  ts: z.string(),
  text: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  thread_ts: z.string().optional(),
});

export const slackMessageEvent = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  user_team: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  files: z.array(file).optional(),
  // message_changed / message_deleted carry the message before and after.
  message: innerMessage.optional(),
  previous_message: innerMessage.optional(),
  deleted_ts: z.string().optional(),
});
export type SlackMessageEvent = z.infer<typeof slackMessageEvent>;
export type SlackFile = z.infer<typeof file>;

export const slackEnvelope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string().min(1).max(500) }),
  z.object({
    type: z.literal('event_callback'),
    team_id: z.string().min(1),
    event_id: z.string().min(1),
    api_app_id: z.string().optional(),
    event: z.looseObject({ type: z.string().min(1) }),
  }),
  z.object({ type: z.literal('app_rate_limited'), team_id: z.string(), minute_rate_limited: z.number().optional() }),
]);
export type SlackEnvelope = z.infer<typeof slackEnvelope>;

/** The Slack thread a message belongs to: its thread root, or itself when it starts one. */
export function threadKeyOf(channel: string, ts: string, threadTs?: string): string {
  return `${channel}:${threadTs ?? ts}`;
}

export function splitThreadKey(key: string): { channel: string; threadTs: string } | null {
  const i = key.indexOf(':');
  return i > 0 && i < key.length - 1 ? { channel: key.slice(0, i), threadTs: key.slice(i + 1) } : null;
}

/** A message's external id: ts is unique only within a channel. */
export const messageExternalId = (channel: string, ts: string) => `${channel}:${ts}`;

/** Slack escapes only &, < and > in message text. */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
