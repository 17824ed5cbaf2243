// Maps stored rows to what each audience may see. PublicMessage has no private or internal fields.
import { visitorLabel } from '../customers/visitor-label.js';
import type { AttachmentView, AuthorKind, FileDeliveryStatus, StaffAttachmentView, Channel, ConversationStatus, ConversationSummary, DeliveryStatus, PublicMessage, RequestType, StaffMessage } from '../realtime/contract.js';
import { truncate } from '../text.js';

export interface MessageRow {
  id: number; conversationId: string; body: string; authorKind: string; authorId: string | null;
  direction: string; private: boolean; clientMessageId: string | null; deliveryStatus: string;
  deliveryError: string | null; createdAt: Date;
  author?: { name: string } | null;
  attachments?: { id: string; filename: string; contentType: string; size: number; deliveryStatus?: string | null; deliveryError?: string | null }[];
}

function attachments(row: MessageRow): AttachmentView[] {
  return (row.attachments ?? []).map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, url: `/api/attachments/${a.id}` }));
}

function staffAttachments(row: MessageRow): StaffAttachmentView[] {
  return (row.attachments ?? []).map((a) => ({
    id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, url: `/api/attachments/${a.id}`,
    deliveryStatus: (a.deliveryStatus ?? null) as FileDeliveryStatus | null, deliveryError: a.deliveryError ?? null,
  }));
}

export function publicMessage(row: MessageRow): PublicMessage {
  if (row.private) throw new Error('a private note must never be shown to a customer');
  return {
    id: row.id, conversationId: row.conversationId, body: row.body, authorKind: row.authorKind as AuthorKind,
    // Customers see an agent's display name only, never ids or emails.
    authorName: row.authorKind === 'agent' ? (row.author?.name ?? null) : null,
    clientMessageId: row.clientMessageId, createdAt: row.createdAt.toISOString(), attachments: attachments(row),
  };
}

export function staffMessage(row: MessageRow): StaffMessage {
  return {
    id: row.id, conversationId: row.conversationId, body: row.body, authorKind: row.authorKind as AuthorKind,
    authorName: row.author?.name ?? null, clientMessageId: row.clientMessageId, createdAt: row.createdAt.toISOString(),
    attachments: staffAttachments(row), direction: row.direction as 'in' | 'out', authorId: row.authorId, private: row.private,
    deliveryStatus: row.deliveryStatus as DeliveryStatus, deliveryError: row.deliveryError,
  };
}

export interface ConversationRow {
  id: string; inboxId: string; channel: string; status: string; type: string | null; priority: number;
  language: string | null; subject: string | null; teamId: string | null; assigneeId: string | null;
  lastMessageAt: Date; queuedAt: Date | null; firstResponseDueAt: Date | null; slaBreachedAt: Date | null; createdAt: Date;
  customer: { id: string; name: string | null; email: string | null; phone: string | null; visitorContext: unknown };
  messages?: { body: string; authorKind: string; private: boolean; createdAt: Date }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function conversationSummary(row: ConversationRow): ConversationSummary {
  const last = row.messages?.[0];
  return {
    id: row.id, inboxId: row.inboxId, channel: row.channel as Channel, status: row.status as ConversationStatus,
    type: row.type as RequestType | null, priority: row.priority, language: row.language, subject: row.subject,
    teamId: row.teamId, assigneeId: row.assigneeId,
    customer: { id: row.customer.id, name: row.customer.name, email: row.customer.email, phone: row.customer.phone, visitor: visitorLabel(row.customer.id, row.customer.visitorContext) },
    lastMessage: last ? { body: truncate(last.body, 200), authorKind: last.authorKind as AuthorKind, private: last.private, createdAt: last.createdAt.toISOString() } : null,
    lastMessageAt: row.lastMessageAt.toISOString(), queuedAt: iso(row.queuedAt), firstResponseDueAt: iso(row.firstResponseDueAt),
    slaBreachedAt: iso(row.slaBreachedAt), createdAt: row.createdAt.toISOString(),
  };
}

/** The Prisma `include` that conversationSummary needs, but for the last message (conversations/last-messages.ts). */
export const summaryInclude = {
  customer: { select: { id: true, name: true, email: true, phone: true, visitorContext: true } },
} as const;

export const messageInclude = {
  author: { select: { name: true } },
  attachments: { select: { id: true, filename: true, contentType: true, size: true, deliveryStatus: true, deliveryError: true } },
} as const;
