// Agents' replies written outside the console (the Slack mirror thread): stored as an agent message
// and delivered through the outbox exactly like console replies. The author is the active agent
// with the poster's email; without one the reply has no author and a private note names the writer.
import type { AgentReplyInput } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/client.js';
import { AppError } from '../errors.js';
import { DELIVER_MESSAGE } from '../outbox/deliver.js';
import { enqueue } from '../outbox/outbox.js';

export async function postAgentReply(ctx: AppContext, input: AgentReplyInput): Promise<{ messageId: number; created: boolean }> {
  const { db } = ctx;
  const { conversationId } = input;
  // The provider id as the client id: unique per conversation, and never overwritten by delivery.
  const clientMessageId = `ext:${input.externalId}`.slice(0, 200);
  const seen = () => db.message.findUnique({ where: { conversationId_clientMessageId: { conversationId, clientMessageId } }, select: { id: true } });
  const existing = await seen();
  if (existing) return { messageId: existing.id, created: false };
  const email = input.author.email?.trim().toLowerCase();
  const agent = email ? await db.user.findFirst({ where: { email, active: true }, select: { id: true } }) : null;
  try {
    if (agent) {
      const m = await ctx.conversations.reply(conversationId, agent.id, { body: input.body, private: false, clientMessageId });
      return { messageId: m.id, created: true };
    }
    return { messageId: await storeUnattributed(ctx, input, clientMessageId), created: true };
  } catch (err) {
    // A redelivery racing the first one: the loser returns the winner's row.
    const won = isUniqueViolation(err) ? await seen() : null;
    if (won) return { messageId: won.id, created: false };
    throw err;
  }
}

async function storeUnattributed(ctx: AppContext, input: AgentReplyInput, clientMessageId: string): Promise<number> {
  const { db } = ctx;
  const c = await db.conversation.findUnique({ where: { id: input.conversationId }, select: { inboxId: true, firstResponseAt: true } });
  if (!c) throw new AppError('CONVERSATION_NOT_FOUND');
  const who = input.author.name ?? 'someone';
  const note = `Sent from Slack by ${who}${input.author.email ? ` (${input.author.email})` : ''}: no active Switchboard agent has that email, so the reply has no agent.`;
  const now = new Date();
  const ids = await db.$transaction(async (tx) => {
    const reply = await tx.message.create({
      data: { conversationId: input.conversationId, inboxId: c.inboxId, direction: 'out', authorKind: 'agent', body: input.body, clientMessageId, deliveryStatus: 'queued', createdAt: now },
      select: { id: true },
    });
    await enqueue(tx, DELIVER_MESSAGE, { messageId: reply.id }, `deliver:${reply.id}`);
    const noted = await tx.message.create({
      data: { conversationId: input.conversationId, inboxId: c.inboxId, direction: 'out', authorKind: 'system', body: note, private: true, deliveryStatus: 'stored' },
      select: { id: true },
    });
    await tx.conversation.update({ where: { id: input.conversationId }, data: { lastMessageAt: now, ...(c.firstResponseAt ? {} : { firstResponseAt: now }) } });
    return [reply.id, noted.id] as const;
  });
  ctx.outbox.kick();
  for (const messageId of ids) ctx.bus.emit('message.created', { messageId, conversationId: input.conversationId, isNewConversation: false });
  return ids[0];
}
