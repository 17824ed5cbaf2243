// Everything a route, socket handler or listener may use, built once in app.ts.
import type { AdapterRegistry } from '../channels/registry.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { SessionStore } from './auth/sessions.js';
import type { VisitorTokens } from './auth/visitor-token.js';
import type { Config } from './config.js';
import type { ConversationService } from './conversations/service.js';
import type { CsatService } from './csat/service.js';
import type { Db } from './db/client.js';
import type { DomainBus } from './domain/events.js';
import type { Ingest } from './ingest/ingest.js';
import type { LimiterStore } from './http/limiter-store.js';
import type { KnowledgeBase } from './kb/service.js';
import type { SuggestionCache } from './kb/suggestion-cache.js';
import type { Logger } from './log.js';
import type { OutboxWorker } from './outbox/outbox.js';
import type { PresenceService } from './presence.js';
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
  outbox: OutboxWorker;
  routing: RoutingService;
  presence: PresenceService;
  kb: KnowledgeBase;
  /** Each conversation's suggestions for its latest customer message (server/kb/suggestion-cache.ts). */
  suggestions: SuggestionCache;
  csat: CsatService;
  adapters: AdapterRegistry;
}
