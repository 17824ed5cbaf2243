// Turns a verified Slack message event into the shared inbound shape: DMs and community-channel
// posts open or continue a conversation (one per Slack thread); edits and deletions become
// system lines; our own posts never loop back in.
import type { ChannelHost } from '../types.js';
import { botIdentity, downloadFiles, userProfile, type SlackProfile } from './api.js';
import { messageExternalId, threadKeyOf, type SlackMessageEvent } from './events.js';
import { fromSlack, type NameOf } from './markup.js';
import { mirrorInbound, mirrorReply } from './mirror.js';
import { once } from './once.js';
import type { SlackInbox } from './verify.js';

/** A top-level DM within this long of the last one continues that DM's conversation. */
export const DM_CONTINUE_MS = 24 * 60 * 60_000;
// Plain posts, posts with files and thread replies also sent to the channel are customer messages.
const NEW_MESSAGE_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

export { decodeSlackText } from './events.js';

/** Display names for mentions, from users.info (cached with the profiles). */
export const namesFor = (si: SlackInbox): NameOf => async (userId) => (await userProfile(si.settings, userId)).name;

/** Our bot's own posts (and any bot's) are never customer messages. */
export async function isFromBot(si: SlackInbox, m: { user?: string; bot_id?: string; subtype?: string }): Promise<boolean> {
  if (m.bot_id || m.subtype === 'bot_message') return true;
  if (!m.user) return true;
  const bot = await botIdentity(si.settings).catch(() => null);
  return bot?.userId === m.user;
}

export async function handleMessageEvent(host: ChannelHost, si: SlackInbox, teamId: string, eventId: string, ev: SlackMessageEvent): Promise<void> {
  if (ev.subtype === 'message_changed') return handleEdit(host, si, eventId, ev);
  if (ev.subtype === 'message_deleted') return handleDelete(host, si, eventId, ev);
  if (!NEW_MESSAGE_SUBTYPES.has(ev.subtype) || (await isFromBot(si, ev))) return;
  const { settings, inbox } = si;
  if (ev.channel === settings.mirrorChannelId) return mirrorReply(host, si, ev);
  const isDm = ev.channel_type === 'im' || (!ev.channel_type && ev.channel.startsWith('D'));
  if (!isDm && !settings.communityChannelIds.includes(ev.channel)) {
    host.log.debug({ inboxId: inbox.id, channel: ev.channel }, 'slack: message in an unwatched channel ignored');
    return;
  }
  const user = ev.user!;
  const profile: SlackProfile = await userProfile(settings, user).catch((err: unknown) => {
    host.log.warn({ inboxId: inbox.id, user, err: String(err) }, 'slack: users.info failed; storing the message without a name');
    return { name: undefined, email: undefined };
  });
  const threadKey = isDm && !ev.thread_ts ? await dmThread(host, inbox.id, ev.channel, ev.ts) : threadKeyOf(ev.channel, ev.ts, ev.thread_ts);
  const { files, skipped } = ev.files?.length ? await downloadFiles(settings, ev.files) : { files: [], skipped: [] };
  const lines = [await fromSlack(ev.text ?? '', namesFor(si))];
  if (!lines[0] && files.length) lines[0] = `Shared ${files.map((f) => f.filename).join(', ')}`;
  if (skipped.length) lines.push(`(not received: ${skipped.join(', ')}; too large or unavailable)`);
  const result = await host.receive({
    inboxId: inbox.id, channel: 'slack',
    // Slack Connect users belong to their own workspace; user_team names it.
    sender: { kind: 'slack', value: `${ev.user_team ?? teamId}:${user}`, ...(profile.name ? { name: profile.name } : {}), verified: true },
    text: lines.filter(Boolean).join('\n'), externalId: messageExternalId(ev.channel, ev.ts), threadKey,
    ...(files.length ? { attachments: files } : {}),
  });
  if (!result.created) return;
  if (isDm) await host.state.set(dmKey(inbox.id, ev.channel), JSON.stringify({ threadKey, at: Date.now() }));
  // Slack does not vouch for the email to us: it becomes a merge suggestion for an agent, never a link.
  if (profile.email && host.noteProfileEmail) {
    await host.noteProfileEmail({ customerId: result.customerId, conversationId: result.conversationId, email: profile.email, source: 'Slack' })
      .catch((err: unknown) => host.log.warn({ inboxId: inbox.id, err: String(err) }, 'slack: recording the profile email failed'));
  }
  if (settings.mirrorChannelId) await mirrorInbound(host, si, result.conversationId, profile.name ?? user, lines.filter(Boolean).join('\n'), isDm ? 'a direct message' : `<#${ev.channel}>`);
}

const dmKey = (inboxId: string, channel: string) => `slack:dm:${inboxId}:${channel}`;

/** DMs rarely use threads: a top-level DM continues the recent DM conversation, else starts one. */
async function dmThread(host: ChannelHost, inboxId: string, channel: string, ts: string): Promise<string> {
  const saved = await host.state.get(dmKey(inboxId, channel));
  if (saved) {
    const s = JSON.parse(saved) as { threadKey: string; at: number };
    if (Date.now() - s.at < DM_CONTINUE_MS) return s.threadKey;
  }
  return threadKeyOf(channel, ts);
}

async function handleEdit(host: ChannelHost, si: SlackInbox, eventId: string, ev: SlackMessageEvent): Promise<void> {
  const m = ev.message;
  if (!m || (await isFromBot(si, m))) return;
  // Unfurls and attachment updates also arrive as message_changed; only text changes matter.
  if ((m.text ?? '') === (ev.previous_message?.text ?? '')) return;
  await once(host, `event:${eventId}`, async () => {
    const found = await host.findConversationByExternalIds(si.inbox.id, [messageExternalId(ev.channel, m.ts)]);
    // The event id also guards in the database: a redelivery racing on another node adds nothing.
    if (found) await host.addSystemMessage(found.conversationId, `Customer edited a message: ${await fromSlack(m.text ?? '', namesFor(si))}`, `slack-event:${eventId}`);
    return !!found;
  });
}

async function handleDelete(host: ChannelHost, si: SlackInbox, eventId: string, ev: SlackMessageEvent): Promise<void> {
  const prev = ev.previous_message;
  const ts = ev.deleted_ts ?? prev?.ts;
  if (!ts || (prev && (await isFromBot(si, prev)))) return;
  await once(host, `event:${eventId}`, async () => {
    const found = await host.findConversationByExternalIds(si.inbox.id, [messageExternalId(ev.channel, ts)]);
    const was = prev?.text ? `: ${(await fromSlack(prev.text, namesFor(si))).slice(0, 500)}` : '';
    if (found) await host.addSystemMessage(found.conversationId, `Customer deleted a message${was}`, `slack-event:${eventId}`);
    return !!found;
  });
}
