// Optional mirror: new conversations are posted to an internal channel for agents, customer
// follow-ups go into that mirror thread, and agents' replies in the thread reach the customer.
import type { ChannelHost } from '../types.js';
import { clientFor, userProfile } from './api.js';
import { messageExternalId, splitThreadKey, type SlackMessageEvent } from './events.js';
import { once } from './once.js';
import type { SlackInbox } from './verify.js';

/** The host method the mirror needs to store a reply as the agent's (see docs/slack.md). */
export interface AgentReplyHost {
  postAgentReply?(input: { conversationId: string; body: string; externalId: string; author: { slackUser: string; name?: string; email?: string } }): Promise<{ messageId: number }>;
}

const convKey = (conversationId: string) => `slack:mirror:conv:${conversationId}`;
const tsKey = (inboxId: string, ts: string) => `slack:mirror:ts:${inboxId}:${ts}`;

/** Posts a customer's message to the mirror channel: a new thread per conversation. */
export async function mirrorInbound(host: ChannelHost, si: SlackInbox, conversationId: string, who: string, text: string, where: string): Promise<void> {
  const channel = si.settings.mirrorChannelId;
  if (!channel) return;
  try {
    const rootTs = await host.state.get(convKey(conversationId));
    const client = clientFor(si.settings);
    if (rootTs) {
      await client.chat.postMessage({ channel, thread_ts: rootTs, text: `${who}: ${text}` });
      return;
    }
    const root = await client.chat.postMessage({ channel, text: `New conversation from ${who} in ${where}:\n${text}\n(Reply in this thread to answer the customer.)` });
    if (!root.ts) return;
    await host.state.set(convKey(conversationId), root.ts);
    await host.state.set(tsKey(si.inbox.id, root.ts), conversationId);
  } catch (err) {
    // The mirror is a convenience: the conversation is stored and routed either way.
    host.log.warn({ inboxId: si.inbox.id, conversationId, err: String(err) }, 'slack: mirroring to the internal channel failed');
  }
}

/** A reply in a mirror thread: the agent's answer to that conversation's customer. */
export async function mirrorReply(host: ChannelHost & AgentReplyHost, si: SlackInbox, ev: SlackMessageEvent): Promise<void> {
  if (!ev.thread_ts || !ev.user) return;
  const conversationId = await host.state.get(tsKey(si.inbox.id, ev.thread_ts));
  if (!conversationId) return;
  const body = ev.text ?? '';
  if (!body.trim()) return;
  const profile = await userProfile(si.settings, ev.user).catch(() => ({ name: undefined, email: undefined }));
  const externalId = messageExternalId(ev.channel, ev.ts);
  if (host.postAgentReply) {
    // Stored as the agent's message and delivered by the outbox like any console reply.
    await host.postAgentReply({ conversationId, body, externalId, author: { slackUser: ev.user, ...(profile.name ? { name: profile.name } : {}), ...(profile.email ? { email: profile.email } : {}) } });
    return;
  }
  // Until the host can store agent replies, post directly and leave a line in the timeline.
  await once(host, `mirror:${si.inbox.id}:${externalId}`, async () => {
    const thread = splitThreadKey((await host.conversationThreadKey(conversationId)) ?? '');
    if (!thread) return false;
    await clientFor(si.settings).chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text: body });
    await host.addSystemMessage(conversationId, `${profile.name ?? 'An agent'} replied from Slack: ${body}`);
    return true;
  });
}
