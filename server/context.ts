// Everything a route, socket handler or listener may use, built once in app.ts.
import type { AdapterRegistry } from '../channels/registry.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { SessionStore } from './auth/sessions.js';
import type { VisitorTokens } from './auth/visitor-token.js';
import type { Config } from './config.js';
import type { CannedResponseService } from './canned/service.js';
import type { ConversationStarter } from './conversations/start.js';
import type { ConversationService } from './conversations/service.js';
import type { ConversationSearch } from './search/conversation-search.js';
import type { CsatService } from './csat/service.js';
import type { Db } from './db/client.js';
import type { DomainBus } from './domain/events.js';
import type { Ingest } from './ingest/ingest.js';
import type { LimiterStore } from './http/limiter-store.js';
import type { KnowledgeBase } from './kb/service.js';
import type { SuggestionCache } from './kb/suggestion-cache.js';
import type { Logger } from './log.js';
import type { OutboxWorker } from './outbox/outbox.js';
import type { AttachmentService } from './attachments/service.js';
import type { AttachmentSigner } from './attachments/signed-url.js';
import type { PresenceService } from './presence.js';
import type { Reader } from './reports/reader.js';
import type { RoutingService } from './routing/router.js';

export interface AppContext {
  config: Config;
  db: Db;
  log: Logger;
  bus: DomainBus;
  /** This node's events and, with Redis, the other nodes': what caches listen to, to drop entries. */
  cacheBus: DomainBus;
  sessions: SessionStore;
  /** Rate-limit counters: this process, or Redis shared by every node. */
  limits: LimiterStore;
  loginThrottle: LoginThrottle;
  visitorTokens: VisitorTokens;
  ingest: Ingest;
  conversations: ConversationService;
  /** Agent-started conversations (email, SMS, WhatsApp). */
  starter: ConversationStarter;
  search: ConversationSearch;
  outbox: OutboxWorker;
  routing: RoutingService;
  presence: PresenceService;
  kb: KnowledgeBase;
  canned: CannedResponseService;
  /** Each conversation's suggestions for its latest customer message (server/kb/suggestion-cache.ts). */
  suggestions: SuggestionCache;
  csat: CsatService;
  adapters: AdapterRegistry;
  /** Heavy reads (reports, exports, search): SQLite's read worker, or PostgreSQL's pool. */
  reads: Reader;
  /** Uploads, their limits and who may read them. */
  attachments: AttachmentService;
  /** Signed, expiring download links (null without PUBLIC_URL). */
  attachmentLinks: AttachmentSigner;
}
