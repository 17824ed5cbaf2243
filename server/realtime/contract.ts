// The one typed realtime contract, imported by the server, the widget and the console.
// Event names are past-tense `noun.verb` for server -> client and imperative for requests.

export type Channel = 'webchat' | 'email' | 'sms' | 'whatsapp' | 'voice' | 'slack';
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type RequestType = 'sales' | 'support' | 'complaint' | 'billing';
export type Presence = 'online' | 'away' | 'offline';
export type Role = 'agent' | 'supervisor' | 'admin';
export type AuthorKind = 'customer' | 'agent' | 'system' | 'bot';
export type DeliveryStatus = 'stored' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

/** Outbound files' own delivery (server/outbox/deliver-files.ts): null for files a customer sent. */
export type FileDeliveryStatus = 'queued' | 'sent' | 'linked' | 'failed';

/** What staff see of a file: its delivery too. */
export interface StaffAttachmentView extends AttachmentView {
  deliveryStatus: FileDeliveryStatus | null;
  deliveryError: string | null;
}

/** What a customer may see of a message: never private notes, never internal fields. */
export interface PublicMessage {
  id: number;
  conversationId: string;
  body: string;
  authorKind: AuthorKind;
  authorName: string | null;
  clientMessageId: string | null;
  createdAt: string;
  attachments: AttachmentView[];
}

/** What staff see of a message. */
export interface StaffMessage extends Omit<PublicMessage, 'attachments'> {
  attachments: StaffAttachmentView[];
  direction: 'in' | 'out';
  authorId: string | null;
  private: boolean;
  deliveryStatus: DeliveryStatus;
  deliveryError: string | null;
}

/** How long a reply on a conversation's channel may be (the server enforces it; the composer shows it). */
export interface ReplyLimit {
  maxChars: number;
  /** Sent as SMS: the composer counts the segments the carrier bills (GSM-7 or UCS-2). */
  smsSegments: boolean;
  /** Replies may carry files (voice cannot): the composer shows its attach button only then. */
  files: boolean;
}

export interface ConversationSummary {
  id: string;
  inboxId: string;
  channel: Channel;
  status: ConversationStatus;
  type: RequestType | null;
  priority: number;
  language: string | null;
  subject: string | null;
  teamId: string | null;
  assigneeId: string | null;
  customer: { id: string; name: string | null; email: string | null; phone: string | null; visitor: VisitorLabel };
  lastMessage: { body: string; authorKind: AuthorKind; private: boolean; createdAt: string } | null;
  lastMessageAt: string;
  queuedAt: string | null;
  firstResponseDueAt: string | null;
  slaBreachedAt: string | null;
  createdAt: string;
}

export interface KbSuggestion {
  id: string;
  title: string;
  snippet: string;
}

export type AckError = { code: string; message: string; field?: string };
export type Ack<T> = (result: { ok: true; data: T } | { ok: false; error: AckError }) => void;

// ---- widget namespace (/widget): website visitors ----

export interface WidgetSessionInfo {
  /** Minted by the server; the widget keeps it (localStorage) to stay the same visitor. */
  visitorToken: string;
  visitorId: string;
  conversationId: string | null;
  agentsOnline: boolean;
  inbox: { name: string; language: string };
}

export interface WidgetClientToServer {
  /** `attachmentIds`: the visitor's own uploads (POST /api/widget/attachments), sent with the message. */
  'message.send': (payload: { clientMessageId: string; body: string; attachmentIds?: string[] }, ack: Ack<PublicMessage>) => void;
  'messages.sync': (payload: { afterId: number }, ack: Ack<PublicMessage[]>) => void;
  'typing.set': (payload: { typing: boolean }) => void;
  'followup.leave': (payload: { email: string }, ack: Ack<{ saved: true }>) => void;
  'csat.submit': (payload: { token: string; score: number; comment?: string }, ack: Ack<{ saved: true; score: number }>) => void;
  'queue.position': (payload: Record<string, never>, ack: Ack<{ position: number; estimatedWaitSec: number }>) => void;
}

export interface WidgetServerToClient {
  'session.ready': (info: WidgetSessionInfo) => void;
  'message.created': (message: PublicMessage) => void;
  'typing.updated': (payload: { conversationId: string; name: string | null; typing: boolean }) => void;
  'agents.availability': (payload: { online: boolean }) => void;
  'conversation.updated': (payload: { id: string; status: ConversationStatus; assigneeName: string | null }) => void;
  /** After resolution: the widget shows 1-5 rating buttons and sends csat.submit with the token. */
  'csat.requested': (payload: { conversationId: string; token: string }) => void;
}

// ---- agent namespace (/agent): agents, supervisors, admins ----

export interface AgentClientToServer {
  'conversation.watch': (payload: { conversationId: string }, ack: Ack<{ watching: string }>) => void;
  'conversation.unwatch': (payload: { conversationId: string }) => void;
  'typing.set': (payload: { conversationId: string; typing: boolean }) => void;
  'presence.set': (payload: { presence: Presence }, ack: Ack<{ presence: Presence }>) => void;
}

export interface AgentServerToClient {
  'message.created': (message: StaffMessage) => void;
  'message.updated': (message: StaffMessage) => void;
  'conversation.created': (conversation: ConversationSummary) => void;
  'conversation.updated': (conversation: ConversationSummary) => void;
  'typing.updated': (payload: { conversationId: string; name: string | null; typing: boolean; who: 'customer' | 'agent' }) => void;
  'presence.updated': (payload: { userId: string; presence: Presence }) => void;
  'suggestions.updated': (payload: { conversationId: string; suggestions: KbSuggestion[] }) => void;
  /** To supervisors: the live overview (same body as GET /api/supervisor/overview), debounced. */
  'overview.updated': (overview: import('../reports/overview.js').Overview) => void;
  /** To supervisors (and the assignee): an SLA timer ran out. */
  'sla.breached': (payload: { conversationId: string; timer: 'first_response' | 'next_response' | 'resolution'; dueAt: string; teamId: string | null }) => void;
}

export interface StaffSocketData {
  userId: string;
  role: Role;
  name: string;
}

/** Where a web visitor is (from the widget): kept from their first conversation to tell visitors apart. */
export interface VisitorContext { page?: string; locale?: string; timeZone?: string }

/** A visitor without a name, told apart: "Visitor 4821 · Berlin · /pricing" (the console words it). */
export interface VisitorLabel { number: number; city: string | null; page: string | null }

export interface VisitorSocketData {
  inboxId: string;
  visitorId: string;
  /** What the widget said of its page, locale and zone at connect (a new visitor's friendly name). */
  context?: VisitorContext;
}
