// Agents' replies written outside the console (the Slack mirror thread): stored as an agent message
// and delivered through the outbox exactly like console replies. The author is the active agent
// with the poster's email; without one the reply has no author and a private note names the writer.
import type { AgentReplyInput } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/client.js';
import { addPrivateNote } from '../conversations/private-note.js';
import { truncate } from '../text.js';

export async function postAgentReply(ctx: AppContext, input: AgentReplyInput): Promise<{ messageId: number; created: boolean }> {
  const { db } = ctx;
  const { conversationId } = input;
  // The provider id as the client id: unique per conversation, and never overwritten by delivery.
  const clientMessageId = truncate(`ext:${input.externalId}`, 200);
  const seen = () => db.message.findUnique({ where: { conversationId_clientMessageId: { conversationId, clientMessageId } }, select: { id: true } });
  const existing = await seen();
  if (existing) return { messageId: existing.id, created: false };
  const email = input.author.email?.trim().toLowerCase();
  const agent = email ? await db.user.findFirst({ where: { email, active: true }, select: { id: true } }) : null;
  try {
    const m = await ctx.conversations.reply(conversationId, agent?.id ?? null, { body: input.body, private: false, clientMessageId });
    if (!agent) {
      const who = `${input.author.name ?? 'someone'}${input.author.email ? ` (${input.author.email})` : ''}`;
      await addPrivateNote(db, ctx.bus, conversationId, `Sent from Slack by ${who}: no active Switchboard agent has that email, so the reply has no agent.`);
    }
    return { messageId: m.id, created: true };
  } catch (err) {
    // A redelivery racing the first one: the loser returns the winner's row.
    const won = isUniqueViolation(err) ? await seen() : null;
    if (won) return { messageId: won.id, created: false };
    throw err;
  }
}
