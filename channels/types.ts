// The one port every channel implements. Adapters only move bytes: they verify and normalize
// what arrives and send what leaves; they never touch the database (server/ingest does).
import type { Channel } from '../server/realtime/contract.js';

export type IdentityKind = 'email' | 'phone' | 'visitor' | 'slack' | 'user';

export interface InboundAttachment {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** Whatever a channel receives, normalized for the shared ingest path. */
export interface InboundMessage {
  inboxId: string;
  channel: Channel;
  sender: { kind: IdentityKind; value: string; name?: string; verified: boolean };
  text: string;
  /** The provider's own id (Message-ID, MessageSid, Slack ts): a redelivery stores nothing new. */
  externalId?: string;
  /** The sender's own id for this send (web chat): a retried send stores nothing new. */
  clientMessageId?: string;
  /** Provider thread key (email thread root, Slack thread_ts, call sid): joins the conversation. */
  threadKey?: string;
  subject?: string;
  attachments?: InboundAttachment[];
}

export interface OutboundMessage {
  messageId: number;
  conversationId: string;
  inbox: { id: string; settings: Record<string, unknown> };
  /** Where the customer is reached on this channel (email address, phone, Slack user...). */
  recipient: { kind: IdentityKind; value: string } | null;
  body: string;
  authorName: string | null;
  threadKey: string | null;
  subject: string | null;
}

export interface SendResult {
  externalId?: string;
  status: 'sent' | 'delivered';
}

export interface ChannelCapabilities {
  /** Messages reach the customer through the realtime gateway (no provider call). */
  realtime: boolean;
  typing: boolean;
  attachments: boolean;
  maxBodyChars: number;
}

export interface ChannelAdapter {
  readonly channel: Channel;
  readonly capabilities: ChannelCapabilities;
  /** Delivers an agent's reply; throws to have the outbox retry with backoff. */
  send(message: OutboundMessage): Promise<SendResult>;
}

/** Thrown by an adapter when retrying cannot help (bad address, opted out): the outbox stops. */
export class PermanentDeliveryError extends Error {}
