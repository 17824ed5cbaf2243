// Conversations as agents see and change them: list, read, reply, note, assign, resolve.
import type { Db, Prisma } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { conversationSummary, messageInclude, staffMessage, summaryInclude } from '../domain/views.js';
import { withLastMessage } from './last-messages.js';
import { listSql, type ListFilter } from './list-query.js';
import { nextCursor } from '../db/keyset.js';
import { toMs } from '../reports/sql.js';
import { AppError } from '../errors.js';
import { spread } from '../spread.js';
import { catchUpMessages } from './catch-up.js';
import { messagesBefore, OPEN_MESSAGES } from './message-pages.js';
import { enqueueDelivery } from '../outbox/deliver.js';
import { enqueueConversationResolved } from '../webhooks/enqueue.js';
import type { AuthorKind, ConversationStatus, ConversationSummary, ReplyLimit, StaffMessage } from '../realtime/contract.js';
import { truncate } from '../text.js';
import { userUploader, type AttachmentService } from '../attachments/service.js';

const SUMMARY_TTL_MS = 10_000;

export interface MessagePage { messages: StaffMessage[]; hasOlder: boolean }

type RecordedMessage = { body: string; authorKind: string; private: boolean; createdAt: Date };
// `latest`: the newest customer-visible message, applied when the summary is next read (a busy
// chat records thousands a second and its list row is read a few times a second).
interface CachedSummary { summary: ConversationSummary; expires: number; latest?: RecordedMessage }

function withMessage(summary: ConversationSummary, m: RecordedMessage): ConversationSummary {
  const createdAt = m.createdAt.toISOString();
  return { ...summary, lastMessage: { body: truncate(m.body, 200), authorKind: m.authorKind as AuthorKind, private: m.private, createdAt }, ...(m.private ? {} : { lastMessageAt: createdAt }) };
}

/** The cached summary with its recorded message applied. */
function current(hit: CachedSummary): ConversationSummary {
  if (hit.latest) {
    hit.summary = withMessage(hit.summary, hit.latest);
    hit.latest = undefined;
  }
  return hit.summary;
}

export class ConversationService {
  // Recent summaries, so a busy chat does not re-read its conversation for every message.
  private summaries = new Map<string, CachedSummary>();
  // One read per conversation at a time: when entries expire under load, their callers share it.
  private loading = new Map<string, Promise<ConversationSummary>>();

  /** `replyLimit`: how long a public reply on a channel may be (server/channels/limits.ts); notes take maxChars. */
  constructor(private db: Db, private bus: DomainBus, private maxChars: number, private onEnqueued: () => void,
    private replyLimit: (channel: string) => ReplyLimit = () => ({ maxChars, smsSegments: false, files: true }),
    private files?: AttachmentService) {}

  /** A summary no older than a few seconds, with the newest message applied. */
  async cachedSummary(id: string): Promise<ConversationSummary> {
    const hit = this.summaries.get(id);
    if (hit && hit.expires > Date.now()) return current(hit);
    // summary() registers its read: callers of a missing entry share one.
    return this.loading.get(id) ?? this.summary(id);
  }

  /** Applies a new message to the cached summary (if any) instead of reading it back. */
  recordMessage(id: string, m: RecordedMessage): void {
    const hit = this.summaries.get(id);
    if (!hit) return;
    // A private note is rare and must not move lastMessageAt: applied now, after any pending one.
    if (m.private) hit.summary = withMessage(current(hit), m);
    else hit.latest = m;
  }

  /** One page of the console's list, in the filter's order, and the cursor of the next page (null: none). */
  async list(f: ListFilter): Promise<{ conversations: ConversationSummary[]; nextCursor: string | null }> {
    const keys = await this.db.$queryRaw<{ id: string; at: unknown }[]>(listSql(f));
    const page = keys.slice(0, f.limit);
    const found = await this.db.conversation.findMany({ where: { id: { in: page.map((k) => k.id) } }, include: summaryInclude });
    const byId = new Map((await withLastMessage(this.db, found)).map((r) => [r.id, r]));
    const conversations = page.flatMap((k) => {
      const row = byId.get(k.id);
      return row ? [conversationSummary(row)] : [];
    });
    return { conversations, nextCursor: nextCursor(keys, f.limit, toMs) };
  }

  /** Always read fresh (and refreshes the cache); cachedSummary() callers meanwhile share this read. */
  summary(id: string): Promise<ConversationSummary> {
    const read = this.readSummary(id);
    if (!this.loading.has(id)) {
      this.loading.set(id, read);
      void read.finally(() => (this.loading.get(id) === read ? this.loading.delete(id) : undefined)).catch(() => undefined);
    }
    return read;
  }

  private async readSummary(id: string): Promise<ConversationSummary> {
    const found = await this.db.conversation.findUnique({ where: { id }, include: summaryInclude });
    if (!found) throw new AppError('CONVERSATION_NOT_FOUND');
    const [row] = await withLastMessage(this.db, [found]);
    let summary = conversationSummary(row!);
    // A message recorded while this read was in flight is newer than the row: keep it.
    const cached = this.summaries.get(id);
    const recorded = cached && current(cached);
    if (recorded?.lastMessage && (!summary.lastMessage || recorded.lastMessage.createdAt > summary.lastMessage.createdAt)) {
      summary = { ...summary, lastMessage: recorded.lastMessage, lastMessageAt: recorded.lastMessageAt > summary.lastMessageAt ? recorded.lastMessageAt : summary.lastMessageAt };
    }
    if (this.summaries.size > 10_000) this.summaries.clear();
    this.summaries.set(id, { summary, expires: Date.now() + spread(SUMMARY_TTL_MS) });
    return summary;
  }

  /** The conversation with its newest messages (OPEN_MESSAGES); older ones page in through messagesBefore. */
  async detail(id: string) {
    // Together: on PostgreSQL the three reads overlap (a missing conversation still fails in summary).
    const [summary, page, routing] = await Promise.all([
      this.summary(id),
      this.messagesBefore(id, null, OPEN_MESSAGES),
      this.db.routingEvent.findMany({ where: { conversationId: id }, orderBy: { createdAt: 'asc' }, take: 100 }),
    ]);
    return {
      ...summary, messages: page.messages, hasOlder: page.hasOlder,
      routing: routing.map((r) => ({ action: r.action, reason: r.reason, teamId: r.teamId, agentId: r.agentId, createdAt: r.createdAt.toISOString() })),
      replyLimit: this.replyLimit(summary.channel), noteMaxChars: this.maxChars,
    };
  }

  /** Up to `limit` messages older than message `beforeId` (null: the newest), oldest first. */
  async messagesBefore(conversationId: string, beforeId: number | null, limit: number): Promise<MessagePage> {
    const page = await messagesBefore(this.db, conversationId, beforeId, limit);
    return { messages: page.rows.map(staffMessage), hasOlder: page.hasOlder };
  }

  /** For catch-up: also recent late commits at or below afterId (the console merges by id). */
  async messagesAfter(conversationId: string, afterId: number, limit: number): Promise<StaffMessage[]> {
    return (await catchUpMessages(this.db, { conversationId }, afterId, limit)).map(staffMessage);
  }

  async staffMessage(id: number): Promise<StaffMessage | null> {
    const row = await this.db.message.findUnique({ where: { id }, include: messageInclude });
    return row ? staffMessage(row) : null;
  }

  /**
   * An agent's reply (sent to the customer through the outbox) or private note (never sent).
   * `authorId` null: a reply written outside the console by someone who is not a Switchboard agent.
   */
  async reply(conversationId: string, authorId: string | null, input: { body: string; private: boolean; clientMessageId?: string; attachmentIds?: string[] }): Promise<StaffMessage> {
    const conversation = await this.db.conversation.findUnique({ where: { id: conversationId }, select: { id: true, inboxId: true, channel: true, firstResponseAt: true, assigneeId: true } });
    if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND');
    // The channel's own limit (1,600 for SMS, 4,000 for Slack...): a reply the provider would refuse is refused here.
    const max = input.private ? this.maxChars : this.replyLimit(conversation.channel).maxChars;
    if (input.body.length > max) throw new AppError('MESSAGE_TOO_LONG', input.private ? `Notes are limited to ${max} characters` : `Replies on ${conversation.channel} are limited to ${max} characters (this one has ${input.body.length})`, 'body');
    const attachmentIds = [...new Set(input.attachmentIds ?? [])];
    // Refused before anything is stored: a call cannot carry a file, and only unsent own uploads go.
    if (attachmentIds.length && !input.private && !this.replyLimit(conversation.channel).files) throw new AppError('ATTACHMENTS_NOT_SUPPORTED', `Replies on ${conversation.channel} cannot carry files`, 'attachmentIds');
    if (attachmentIds.length && !this.files) throw new AppError('ATTACHMENTS_NOT_SUPPORTED', 'Files are not enabled on this server', 'attachmentIds');
    if (input.clientMessageId) {
      const dup = await this.db.message.findUnique({ where: { conversationId_clientMessageId: { conversationId, clientMessageId: input.clientMessageId } }, include: messageInclude });
      if (dup) return staffMessage(dup);
    }
    const uploader = authorId ? userUploader(authorId) : null;
    if (attachmentIds.length) await this.files!.checkUnsent(uploader ?? '', attachmentIds);
    const now = new Date();
    const id = await this.db.$transaction(async (tx) => {
      const message = await tx.message.create({
        data: {
          conversationId, inboxId: conversation.inboxId, direction: 'out', authorKind: 'agent', authorId, body: input.body,
          private: input.private, clientMessageId: input.clientMessageId ?? null, deliveryStatus: input.private ? 'stored' : 'queued', createdAt: now,
        },
        select: { id: true },
      });
      if (attachmentIds.length) await this.files!.claim(tx, uploader ?? '', attachmentIds, message.id, !input.private);
      if (!input.private) {
        await enqueueDelivery(tx, message.id, conversation.inboxId);
        await tx.conversation.update({
          where: { id: conversationId },
          // A public reply answers the customer: first response is recorded once, the thread moves on.
          data: { lastMessageAt: now, ...(conversation.firstResponseAt ? {} : { firstResponseAt: now }), ...(conversation.assigneeId || !authorId ? {} : { assigneeId: authorId, queuedAt: null }) },
        });
      }
      return message.id;
    });
    if (!input.private) this.onEnqueued();
    this.bus.emit('message.created', { messageId: id, conversationId, isNewConversation: false });
    if (!input.private && !conversation.assigneeId && authorId) this.bus.emit('conversation.updated', { conversationId, change: 'assignment' });
    const created = await this.staffMessage(id);
    return created!;
  }

  async assign(conversationId: string, actorId: string, target: { assigneeId?: string | null; teamId?: string | null }): Promise<ConversationSummary> {
    const exists = await this.db.conversation.findUnique({ where: { id: conversationId }, select: { id: true } });
    if (!exists) throw new AppError('CONVERSATION_NOT_FOUND');
    const data: Prisma.ConversationUncheckedUpdateInput = {};
    if (target.assigneeId !== undefined) {
      if (target.assigneeId) {
        const user = await this.db.user.findUnique({ where: { id: target.assigneeId }, select: { active: true } });
        if (!user || !user.active) throw new AppError('USER_NOT_FOUND', 'No such agent', 'assigneeId');
      }
      data.assigneeId = target.assigneeId;
      data.queuedAt = target.assigneeId ? null : new Date();
    }
    if (target.teamId !== undefined) {
      if (target.teamId && !(await this.db.team.findUnique({ where: { id: target.teamId }, select: { id: true } }))) throw new AppError('TEAM_NOT_FOUND', undefined, 'teamId');
      data.teamId = target.teamId;
    }
    await this.db.$transaction([
      this.db.conversation.update({ where: { id: conversationId }, data }),
      this.db.routingEvent.create({ data: { conversationId, action: target.assigneeId !== undefined ? 'assigned' : 'transferred', teamId: target.teamId ?? null, agentId: target.assigneeId ?? null, reason: `manual, by ${actorId}` } }),
      this.db.auditLog.create({ data: { actorId, action: 'conversation.assign', subjectType: 'conversation', subjectId: conversationId, data: target as Prisma.InputJsonValue } }),
    ]);
    this.bus.emit('conversation.updated', { conversationId, change: 'assignment' });
    return this.summary(conversationId);
  }

  async setStatus(conversationId: string, actorId: string, status: ConversationStatus): Promise<ConversationSummary> {
    const exists = await this.db.conversation.findUnique({ where: { id: conversationId }, select: { id: true } });
    if (!exists) throw new AppError('CONVERSATION_NOT_FOUND');
    const resolvedAt = status === 'resolved' ? new Date() : null;
    await this.db.$transaction(async (tx) => {
      // Only the change that resolves an unresolved conversation is a resolution: one webhook each, never a clashing key.
      const resolving = resolvedAt !== null && (await tx.conversation.updateMany({ where: { id: conversationId, status: { not: 'resolved' } }, data: { status, resolvedAt } })).count === 1;
      if (!resolving) await tx.conversation.update({ where: { id: conversationId }, data: { status, resolvedAt } });
      await tx.auditLog.create({ data: { actorId, action: `conversation.${status}`, subjectType: 'conversation', subjectId: conversationId } });
      if (resolving) await enqueueConversationResolved(tx, conversationId, resolvedAt);
    });
    this.bus.emit('conversation.updated', { conversationId, change: 'status', webhooksQueued: true });
    return this.summary(conversationId);
  }
}
