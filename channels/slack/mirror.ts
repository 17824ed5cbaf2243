// Optional mirror: new conversations are posted to an internal channel for agents, customer
// follow-ups go into that mirror thread, and agents' replies in the thread reach the customer.
import { createHash } from 'node:crypto';
import type { ChannelHost } from '../types.js';
import { clientFor, userProfile } from './api.js';
import { messageExternalId, type SlackMessageEvent } from './events.js';
import { fromSlack, toSlack } from './markup.js';
import { once } from './once.js';
import type { SlackSettings } from './settings.js';
import type { SlackInbox } from './verify.js';

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
      await client.chat.postMessage({ channel, thread_ts: rootTs, text: toSlack(`${who}: ${text}`) });
      return;
    }
    // `where` is Slack markup of our own (a channel link); the customer's words are escaped.
    const root = await client.chat.postMessage({ channel, text: `New conversation from ${toSlack(who)} in ${where}:\n${toSlack(text)}\n(Reply in this thread to answer the customer.)` });
    if (!root.ts) return;
    await host.state.set(convKey(conversationId), root.ts);
    await host.state.set(tsKey(si.inbox.id, root.ts), conversationId);
  } catch (err) {
    // The mirror is a convenience: the conversation is stored and routed either way.
    host.log.warn({ inboxId: si.inbox.id, conversationId, err: String(err) }, 'slack: mirroring to the internal channel failed');
  }
}

/** A reply in a mirror thread: the agent's answer, stored as their message and sent by the outbox. */
export async function mirrorReply(host: ChannelHost, si: SlackInbox, ev: SlackMessageEvent): Promise<void> {
  if (!ev.thread_ts || !ev.user) return;
  const conversationId = await host.state.get(tsKey(si.inbox.id, ev.thread_ts));
  if (!conversationId) return;
  const body = await fromSlack(ev.text ?? '', async (u) => (await userProfile(si.settings, u)).name);
  if (!body.trim()) return;
  if (!host.postAgentReply) {
    host.log.warn({ inboxId: si.inbox.id, conversationId }, 'slack: this server cannot store replies from the mirror thread; not sent');
    return;
  }
  const postAgentReply = host.postAgentReply.bind(host);
  const externalId = messageExternalId(ev.channel, ev.ts);
  await once(host, `mirror:${si.inbox.id}:${externalId}`, async () => {
    const profile = await userProfile(si.settings, ev.user!).catch(() => ({ name: undefined, email: undefined }));
    // Set before storing: the outbox may deliver the reply before postAgentReply returns.
    const echo = echoKey(conversationId, body);
    await host.state.set(echo, externalId);
    const stored = await postAgentReply({ conversationId, body, externalId, author: { ...(profile.name ? { name: profile.name } : {}), ...(profile.email ? { email: profile.email } : {}) } })
      .catch(async (err: unknown) => {
        await host.state.set(echo, null);
        throw err;
      });
    // Nothing new to deliver: a stale marker would hide a later identical console reply from the thread.
    if (!stored.created) await host.state.set(echo, null);
    return true;
  });
}

/** Copies what the customer was sent into the mirror thread, so agents living in Slack see it all. */
export async function copyToMirror(host: ChannelHost, settings: SlackSettings, inboxId: string, conversationId: string, who: string, body: string): Promise<void> {
  if (!settings.mirrorChannelId) return;
  try {
    const rootTs = await host.state.get(convKey(conversationId));
    if (!rootTs) return;
    const echo = echoKey(conversationId, body);
    // Written in the mirror thread in the first place: the agent already sees it there.
    if (await host.state.get(echo)) {
      await host.state.set(echo, null);
      return;
    }
    await clientFor(settings).chat.postMessage({ channel: settings.mirrorChannelId, thread_ts: rootTs, text: toSlack(`${who} (to the customer): ${body}`) });
  } catch (err) {
    // The customer already has the reply; a missing copy must not make the outbox send it again.
    host.log.warn({ inboxId, conversationId, err: String(err) }, 'slack: copying a reply to the mirror thread failed');
  }
}

const echoKey = (conversationId: string, body: string) => `slack:mirror:echo:${conversationId}:${createHash('sha256').update(body).digest('base64url').slice(0, 22)}`;
