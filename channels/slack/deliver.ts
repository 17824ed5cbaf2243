// What the outbox hands the Slack adapter: a CSAT request becomes rating buttons, and whatever the
// customer is sent is copied into the conversation's mirror thread when the inbox has one.
import { slackBlocks } from '../../server/csat/prompts.js';
import type { ChannelHost, OutboundMessage, SendResult } from '../types.js';
import { copyToMirror } from './mirror.js';
import { sendSlack } from './outbound.js';
import { readSettings } from './settings.js';

export async function deliverSlack(host: ChannelHost | null, message: OutboundMessage): Promise<SendResult> {
  // Only system lines (no author) can be a survey: agent replies skip the lookup.
  const survey = message.authorName === null && host?.csat ? await host.csat.surveyFor(message.messageId) : null;
  // No link URLs: the click comes back as a signed interaction, so a rating is stored once.
  const memoKey = `slack:posted:${message.inbox.id}:${message.messageId}`;
  const posted = host && message.attachments?.length ? { get: () => host.state.get(memoKey), set: (v: string | null) => host.state.set(memoKey, v) } : undefined;
  const result = await sendSlack(message, undefined, survey ? slackBlocks(null, survey.token, survey.language).blocks : undefined, posted);
  const settings = readSettings(message.inbox.settings);
  if (host && !survey && settings?.mirrorChannelId) {
    await copyToMirror(host, settings, message.inbox.id, message.conversationId, message.authorName ?? 'Switchboard', message.body);
  }
  return result;
}
