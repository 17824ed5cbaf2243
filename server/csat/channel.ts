// Ratings collected natively on the customer's channel: the Slack survey message (its adapter
// renders it as buttons), keypad tokens for calls, and one submit whose outcome adapters answer with.
import type { ChannelCsat, CsatOutcome } from '../../channels/types.js';
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { normalizeIdentity } from '../ingest/customers.js';
import { enqueueDelivery } from '../outbox/deliver.js';
import { slackPrompt } from './prompts.js';
import { csatLanguage, type CsatLanguage } from './texts.js';
import type { CsatService } from './service.js';

const surveyKey = (messageId: number) => `csat:survey:${messageId}`;

/** The survey as a system message delivered by the outbox; its marker tells the adapter to render buttons. */
export async function postChannelSurvey(db: Db, bus: DomainBus, conversationId: string, lang: CsatLanguage = 'en'): Promise<number> {
  const c = await db.conversation.findUnique({ where: { id: conversationId }, select: { inboxId: true } });
  if (!c) throw new AppError('CONVERSATION_NOT_FOUND');
  // Marker and delivery job in one transaction: the worker may deliver before we return.
  const messageId = await db.$transaction(async (tx) => {
    const m = await tx.message.create({
      data: { conversationId, inboxId: c.inboxId, direction: 'out', authorKind: 'system', body: slackPrompt(lang), deliveryStatus: 'queued' },
      select: { id: true },
    });
    await tx.setting.create({ data: { key: surveyKey(m.id), value: conversationId } });
    await enqueueDelivery(tx, m.id, c.inboxId);
    return m.id;
  });
  bus.emit('message.created', { messageId, conversationId, isNewConversation: false });
  return messageId;
}

function outcomeOf(err: unknown): CsatOutcome | null {
  if (!(err instanceof AppError)) return null;
  if (err.code === 'CONFLICT') return 'duplicate';
  if (err.code === 'VALIDATION_FAILED' && err.field === 'token') return 'expired';
  if (err.code === 'INVALID_SIGNATURE' || err.code === 'CONVERSATION_NOT_FOUND' || err.code === 'VALIDATION_FAILED') return 'invalid';
  return null;
}

export function channelCsat(db: Db, csat: CsatService): ChannelCsat {
  return {
    async surveyFor(messageId) {
      const row = await db.setting.findUnique({ where: { key: surveyKey(messageId) } });
      if (!row) return null;
      const c = await db.conversation.findUnique({ where: { id: row.value }, select: { language: true, inbox: { select: { language: true } } } });
      return { token: csat.token(row.value), language: csatLanguage(c?.language, c?.inbox.language) };
    },

    async tokenFor(conversationId) {
      const c = await db.conversation.findUnique({ where: { id: conversationId }, select: { csat: { select: { id: true } } } });
      return c && !c.csat ? csat.token(conversationId) : null;
    },

    async submit({ token, score, sender }) {
      try {
        if (sender) {
          // In a community thread anyone can click: only the conversation's customer rates it.
          const conversationId = csat.conversationOf(token);
          const value = normalizeIdentity(sender.kind, sender.value);
          const mine = await db.conversation.count({ where: { id: conversationId, customer: { identities: { some: { kind: sender.kind, value } } } } });
          if (mine === 0) return 'not_customer';
        }
        await csat.submit(token, score);
        return 'saved';
      } catch (err) {
        const outcome = outcomeOf(err);
        if (outcome) return outcome;
        throw err;
      }
    },
  };
}
