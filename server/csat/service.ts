// CSAT surveys: on resolve, one request per conversation (an outbox job whose dedupe key is the
// conversation), sent natively per channel; scores stored once, attributed to agent, team, type
// and channel. Tokens are HMAC-signed with the app secret and expire after 7 days.
import type { InboundMessage } from '../../channels/types.js';
import { isUniqueViolation, type Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { normalizeIdentity } from '../ingest/customers.js';
import type { Logger } from '../log.js';
import { PermanentJobError, enqueue, type OutboxWorker } from '../outbox/outbox.js';
import { postSystemMessage } from '../routing/system-message.js';
import { postChannelSurvey } from './channel.js';
import { emailBody, scoreFromReply, smsPrompt } from './prompts.js';
import { csatLanguage, type CsatLanguage } from './texts.js';
import { signCsatToken, verifyCsatToken } from './token.js';

export const CSAT_SEND = 'csat.send';
/** An SMS/WhatsApp "1"-"5" counts as a rating this long after the request. */
export const REPLY_WINDOW_MS = 24 * 3_600_000;
const MAX_COMMENT = 2000;

export interface CsatRequested { conversationId: string; token: string }
export interface CsatOptions { publicUrl: string | null; log?: Logger; kick?: () => void; now?: () => number }

export const csatKey = (conversationId: string) => `csat:${conversationId}`;

export class CsatService {
  private now: () => number;

  constructor(private db: Db, private bus: DomainBus, private secret: string, private opts: CsatOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Requests a rating whenever a conversation is resolved. */
  listen(): void {
    this.bus.on('conversation.updated', async ({ conversationId, change }) => {
      if (change !== 'status') return;
      const c = await this.db.conversation.findUnique({ where: { id: conversationId }, select: { status: true } });
      if (c?.status === 'resolved') await this.request(conversationId);
    });
  }

  /** Sends surveys from the outbox (retried, one node per job). */
  register(worker: OutboxWorker): void {
    worker.handle(CSAT_SEND, async (payload) => this.send(String(payload.conversationId)));
  }

  token(conversationId: string): string {
    return signCsatToken(this.secret, conversationId, this.now());
  }

  /** Queues the survey; false when this conversation was already asked (reopen + resolve asks once). */
  async request(conversationId: string): Promise<boolean> {
    try {
      await enqueue(this.db, CSAT_SEND, { conversationId }, { dedupeKey: csatKey(conversationId) });
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    this.opts.kick?.();
    return true;
  }

  /** Delivers the survey on the conversation's own channel. */
  async send(conversationId: string): Promise<void> {
    const c = await this.db.conversation.findUnique({ where: { id: conversationId }, select: { channel: true, language: true, inbox: { select: { language: true } }, csat: { select: { id: true } } } });
    if (!c) throw new PermanentJobError(`conversation ${conversationId} no longer exists`);
    if (c.csat) return; // rated already (e.g. by keypad during the call)
    const token = this.token(conversationId);
    const lang = csatLanguage(c.language, c.inbox.language);
    const base = this.opts.publicUrl;
    switch (c.channel) {
      case 'webchat':
        this.bus.emit('csat.requested', { conversationId, token });
        return;
      case 'sms':
      case 'whatsapp':
        await postSystemMessage(this.db, this.bus, conversationId, smsPrompt(lang));
        return;
      case 'email':
        if (!base) throw new PermanentJobError('PUBLIC_URL is not set: survey links need the public origin');
        await postSystemMessage(this.db, this.bus, conversationId, emailBody(base, token, lang));
        return;
      case 'slack':
        // Buttons in the conversation's thread (slackBlocks); the click comes back as an interaction.
        await postChannelSurvey(this.db, this.bus, conversationId, lang);
        return;
      default:
        // Voice rates by keypad when the agent's leg ends (voiceTwiml in prompts.ts), nothing to send now.
        this.opts.log?.debug({ conversationId, channel: c.channel }, 'csat: no after-the-fact survey on this channel');
    }
  }

  /** The conversation a survey token is for (INVALID_SIGNATURE / VALIDATION_FAILED like submit). */
  conversationOf(token: string): string {
    return verifyCsatToken(this.secret, token, this.now());
  }

  /** The language a survey token's pages speak, or null for a bad link or a conversation that is gone. */
  async languageOf(token: string): Promise<CsatLanguage | null> {
    let conversationId: string;
    try {
      conversationId = verifyCsatToken(this.secret, token, this.now());
    } catch {
      return null;
    }
    const c = await this.db.conversation.findUnique({ where: { id: conversationId }, select: { language: true, inbox: { select: { language: true } } } });
    return c ? csatLanguage(c.language, c.inbox.language) : null;
  }

  /** What a survey link shows before anyone votes: throws like submit for a bad link, 409 CONFLICT once rated. */
  async checkOpen(token: string): Promise<void> {
    const conversationId = verifyCsatToken(this.secret, token, this.now());
    const c = await this.db.conversation.findUnique({ where: { id: conversationId }, select: { csat: { select: { id: true } } } });
    if (!c) throw new AppError('CONVERSATION_NOT_FOUND');
    if (c.csat) throw new AppError('CONFLICT', 'This conversation has already been rated');
  }

  /** Stores a rating once per conversation: 409 CONFLICT the second time. */
  async submit(token: string, score: unknown, comment?: unknown): Promise<{ conversationId: string; score: number }> {
    const conversationId = verifyCsatToken(this.secret, token, this.now());
    if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5) throw new AppError('VALIDATION_FAILED', 'score: must be a whole number from 1 to 5', 'score');
    return this.store(conversationId, score, cleanComment(comment));
  }

  /** The optional comment after a one-click rating; once, and only while the link is valid. */
  async addComment(token: string, comment: unknown): Promise<void> {
    const conversationId = verifyCsatToken(this.secret, token, this.now());
    const text = cleanComment(comment);
    if (!text) throw new AppError('VALIDATION_FAILED', 'comment: must not be empty', 'comment');
    const updated = await this.db.csatResponse.updateMany({ where: { conversationId, comment: null }, data: { comment: text } });
    if (updated.count === 0) throw new AppError('CONFLICT', 'Rate the conversation first; a comment can be added once', 'comment');
  }

  /** An SMS/WhatsApp reply "1".."5" within 24 h of the request becomes the rating; true if captured. */
  async captureReply(conversationId: string, text: string): Promise<boolean> {
    const score = scoreFromReply(text);
    if (score === null) return false;
    const job = await this.db.outboxJob.findUnique({ where: { dedupeKey: csatKey(conversationId) }, select: { createdAt: true } });
    if (!job || this.now() - job.createdAt.getTime() > REPLY_WINDOW_MS) return false;
    try {
      await this.store(conversationId, score, null);
      return true;
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') return false;
      throw err;
    }
  }

  /**
   * Ingest hook, called before a new conversation would be opened: a bare 1-5 from a customer whose
   * conversation was just resolved is stored on that conversation as the rating, not routed.
   */
  async captureInbound(msg: InboundMessage): Promise<{ messageId: number; conversationId: string; customerId: string; created: boolean; isNewConversation: false } | null> {
    if ((msg.channel !== 'sms' && msg.channel !== 'whatsapp') || scoreFromReply(msg.text) === null) return null;
    const identity = await this.db.customerIdentity.findUnique({ where: { kind_value: { kind: msg.sender.kind, value: normalizeIdentity(msg.sender.kind, msg.sender.value) } }, select: { customerId: true } });
    if (!identity) return null;
    const since = new Date(this.now() - REPLY_WINDOW_MS);
    const c = await this.db.conversation.findFirst({ where: { inboxId: msg.inboxId, customerId: identity.customerId, status: 'resolved', resolvedAt: { gte: since } }, orderBy: { resolvedAt: 'desc' }, select: { id: true } });
    if (!c || !(await this.captureReply(c.id, msg.text))) return null;
    const m = await this.db.message.create({
      data: { conversationId: c.id, inboxId: msg.inboxId, direction: 'in', authorKind: 'customer', body: msg.text, externalId: msg.externalId ?? null, deliveryStatus: 'delivered' },
      select: { id: true },
    });
    this.bus.emit('message.created', { messageId: m.id, conversationId: c.id, isNewConversation: false });
    return { messageId: m.id, conversationId: c.id, customerId: identity.customerId, created: true, isNewConversation: false };
  }

  private async store(conversationId: string, score: number, comment: string | null) {
    const c = await this.db.conversation.findUnique({ where: { id: conversationId }, select: { assigneeId: true, teamId: true, type: true, channel: true } });
    if (!c) throw new AppError('CONVERSATION_NOT_FOUND');
    try {
      await this.db.csatResponse.create({ data: { conversationId, score, comment, agentId: c.assigneeId, teamId: c.teamId, type: c.type, channel: c.channel } });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'This conversation has already been rated');
      throw err;
    }
    return { conversationId, score };
  }
}

function cleanComment(comment: unknown): string | null {
  if (comment === undefined || comment === null) return null;
  if (typeof comment !== 'string') throw new AppError('VALIDATION_FAILED', 'comment: must be text', 'comment');
  if (comment.length > MAX_COMMENT) throw new AppError('VALIDATION_FAILED', `comment: must be at most ${MAX_COMMENT} characters`, 'comment');
  return comment.trim() || null;
}
