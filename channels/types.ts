// The one port every channel implements. Adapters only move bytes: they verify and normalize
// what arrives and send what leaves; they never touch the database (server/ingest does).
import type { Router } from 'express';
import type { z } from 'zod';
import type { Channel, DeliveryStatus, VisitorContext } from '../server/realtime/contract.js';

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
  sender: { kind: IdentityKind; value: string; name?: string; verified: boolean; context?: VisitorContext };
  text: string;
  /** The provider's own id (Message-ID, MessageSid, Slack ts): a redelivery stores nothing new. */
  externalId?: string;
  /** The sender's own id for this send (web chat): a retried send stores nothing new. */
  clientMessageId?: string;
  /** Provider thread key (email thread root, Slack thread_ts, call sid): joins the conversation. */
  threadKey?: string;
  subject?: string;
  attachments?: InboundAttachment[];
  /** Web chat: files the sender uploaded before (server/attachments/), claimed by this message; `uploader` owns them. */
  uploads?: { uploader: string; ids: string[] };
  /** Web chat: the socket that sent it has the message from its ack, so echoes to the visitor skip it. */
  senderSocketId?: string;
  /** The team the customer asked for on the channel (a phone menu choice): routing puts a new conversation there. */
  routingHint?: RoutingHint;
}

export interface RoutingHint {
  /** A team key (sales, support, finance, care, triage, or a custom team's key). */
  team: string;
  /** Why, for the routing timeline: "phone menu: 2". */
  reason: string;
}

/** A file of an agent's reply, as the outbox hands it to the adapter. */
export interface OutboundAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** A signed, expiring absolute link (what a provider fetches); null when PUBLIC_URL is not set. */
  url: string | null;
  read(): Promise<Buffer>;
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
  /** Written by the system (a survey, a closed-hours notice), not by a person: channels mark it so. */
  automatic?: boolean;
  /** Files the adapter carries its own way (MIME parts, media URLs, uploads); ones it cannot are links in `body` already. */
  attachments?: OutboundAttachment[];
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
  /** The longest reply the provider takes; the server refuses longer ones with a 400 (chat: MAX_MESSAGE_CHARS). */
  maxBodyChars: number;
  /** Replies travel as SMS, split by the carrier into segments (the provider concatenates up to maxBodyChars). */
  smsSegments?: boolean;
  /** The largest file the channel carries itself; larger ones go as a signed link in the text. */
  maxFileBytes?: number;
  /** The file types the channel carries itself (exact or `type/*`); others go as a signed link. All when absent. */
  fileTypes?: readonly string[];
}

export interface InboxConfig {
  id: string;
  channel: Channel;
  name: string;
  language: string;
  enabled: boolean;
  /** Channel settings, secrets included: adapters may read them, the API never returns them. */
  settings: Record<string, unknown>;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** What an adapter may ask of the server. Adapters never open the database themselves. */
export interface ChannelHost {
  readonly log: Logger;
  /** The public origin (PUBLIC_URL) for webhook signatures and links; null when not configured. */
  readonly publicUrl: string | null;
  /** Stores a normalized inbound message through the one shared ingest path. */
  receive(msg: InboundMessage): Promise<{ messageId: number; conversationId: string; customerId: string; created: boolean }>;
  /** Inboxes of this channel; `match` picks by settings (phone number, mailbox, workspace id). */
  findInboxes(channel: Channel, match?: (inbox: InboxConfig) => boolean): Promise<InboxConfig[]>;
  /**
   * Records a provider's delivery report (sent, delivered, failed...) on the stored message. Statuses
   * only move forward (reports arrive out of order); true when a stored message took the new status.
   */
  updateDelivery(inboxId: string, externalId: string, status: DeliveryStatus, error?: string): Promise<boolean>;
  /** Adds a system line to a conversation's timeline (call answered, voicemail, ...); an `externalId` seen before adds nothing. */
  addSystemMessage(conversationId: string, body: string, externalId?: string): Promise<void>;
  /** The conversation id for a message stored under one of these provider ids, newest first. */
  findConversationByExternalIds(inboxId: string, externalIds: string[]): Promise<{ conversationId: string; threadKey: string | null } | null>;
  /** The thread key of a conversation (to put in outgoing headers / reply tokens). */
  conversationThreadKey(conversationId: string): Promise<string | null>;
  /** Gives a conversation its thread key when it has none (the first mail of an agent-started thread). */
  adoptThreadKey?(conversationId: string, threadKey: string): Promise<void>;
  /** Small durable key/value state per adapter (IMAP cursors, opt-outs): keys are namespaced. */
  state: {
    get(key: string): Promise<string | null>;
    set(key: string, value: string | null): Promise<void>;
    // Batched forms for hot paths (email ingests a fetched batch of mail at once); optional, so
    // a host without them still works through get/set.
    /** The keys that have a value (absent keys are missing from the map). */
    getMany?(keys: string[]): Promise<Map<string, string>>;
    /** Sets (or, for null, deletes) every key in one transaction. */
    setMany?(entries: [key: string, value: string | null][]): Promise<void>;
  };
  /** A lease held by one node at a time; renew before `ttlMs` runs out. True when we hold it. */
  lease(name: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string): Promise<void>;
  /** The routing decision for a text (e.g. a caller's spoken words). */
  classify(text: string): { type: string; team: string; priority: number; language: string; confidence: number };

  // Optional extras (test fakes may leave them out; adapters degrade without them).
  /** Stores an agent's reply written outside the console (Slack mirror thread) and delivers it through the outbox. */
  postAgentReply?(input: AgentReplyInput): Promise<{ messageId: number; created: boolean }>;
  /** A profile email from the channel (unverified): recorded on the customer and offered as a merge suggestion, never linked. */
  noteProfileEmail?(input: { customerId: string; conversationId: string; email: string; source: string }): Promise<{ recorded: boolean; matches: { id: string; name: string | null }[] }>;
  /** Ratings collected natively on a channel (Slack buttons, phone keypad). */
  csat?: ChannelCsat;
  /** Provider ids of a conversation's messages, oldest first, at most `limit` (email: References of a reply). */
  threadExternalIds?(conversationId: string, limit: number): Promise<string[]>;
}

export interface AgentReplyInput {
  conversationId: string;
  body: string;
  /** The provider id of the agent's post: a redelivery stores nothing new. */
  externalId: string;
  /** Matched to a Switchboard agent by email; otherwise the reply is stored with this name as a note. */
  author: { name?: string; email?: string };
}

export type CsatOutcome = 'saved' | 'duplicate' | 'expired' | 'invalid' | 'not_customer';

export interface ChannelCsat {
  /** The survey token when this outbound message is a CSAT request (so the adapter renders it natively). */
  surveyFor(messageId: number): Promise<{ token: string; language: 'en' | 'zh' } | null>;
  /** A survey token for a conversation, or null when it was rated already (or does not exist). */
  tokenFor(conversationId: string): Promise<string | null>;
  /** Stores a 1-5 score once; `sender`, when given, must be the conversation's customer. */
  submit(input: { token: string; score: number; sender?: { kind: IdentityKind; value: string } }): Promise<CsatOutcome>;
}

/** The environment variables that may point a provider's API elsewhere (server/config.ts reads them). */
export const PROVIDER_ENDPOINT_ENVS = ['TWILIO_API_URL', 'SLACK_API_URL'] as const;
export type ProviderEndpointEnv = (typeof PROVIDER_ENDPOINT_ENVS)[number];

export interface ChannelAdapter {
  readonly channel: Channel;
  readonly capabilities: ChannelCapabilities;
  /** Delivers an agent's reply; throws to have the outbox retry with backoff. */
  send(message: OutboundMessage): Promise<SendResult>;
  /** The inbox settings this channel needs (validated on create/update; 400 names the field). */
  readonly settingsSchema?: z.ZodType<Record<string, unknown>>;
  /** Settings fields never returned by the API (passwords, tokens, signing secrets). */
  readonly secretSettings?: readonly string[];
  /**
   * Settings that say where the provider's API is (and so where its credentials go): never settable
   * through the API (400), only from the named environment variable, for tests against stand-ins.
   */
  readonly endpointSettings?: Readonly<Partial<Record<string, ProviderEndpointEnv>>>;
  /** Inbound HTTP (webhooks), mounted at /channels/<channel>; parses its own bodies (raw, for signatures). */
  routes?(host: ChannelHost): Router;
  /** Voice: connect a waiting call to an agent's phone number or browser client. */
  connectCall?(input: { settings: Record<string, unknown>; callSid: string; target: { number: string } | { client: string }; conversationId?: string }): Promise<{ callSid: string; status: string }>;
  /** The connection state shown in the admin UI (e.g. an IMAP password that stopped working). */
  status?(host: ChannelHost, inboxId: string): Promise<{ state: string; message?: string | null; at?: string | null }>;
  /** Why a first message to this recipient must not be sent (opted out), or null; checked before an agent starts a conversation. */
  refusesRecipient?(recipient: { kind: IdentityKind; value: string }): Promise<string | null>;
  /** Background work (IMAP IDLE watchers); returns a stop function. Runs on every node: use leases. */
  start?(host: ChannelHost): Promise<() => Promise<void>>;
}

/** Thrown by an adapter when retrying cannot help (bad address, opted out): the outbox stops. */
export class PermanentDeliveryError extends Error {}
