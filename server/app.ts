// Builds the whole server from a validated config: database, services, HTTP, realtime, jobs.
import path from 'node:path';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { coalesceWebsocketWrites } from './realtime/coalesce-writes.js';
import { defaultAdapters, type AdapterRegistry } from '../channels/registry.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { SessionStore } from './auth/sessions.js';
import { createChannelHost } from './channels/host.js';
import { withEndpointSettings } from './channels/inbox-settings.js';
import { replyLimits } from './channels/limits.js';
import { VisitorTokens } from './auth/visitor-token.js';
import { bootstrap, ensureSecret } from './bootstrap.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { CannedResponseService } from './canned/service.js';
import { ConversationStarter } from './conversations/start.js';
import { ConversationService } from './conversations/service.js';
import { ConversationSearch } from './search/conversation-search.js';
import { openDatabase, urgentClientOf } from './db/client.js';
import { openChatMessageStore } from './ingest/message-store.js';
import { migrate } from './db/migrate.js';
import { startSqliteOptimizer } from './db/sqlite-optimize.js';
import { databaseTarget } from './db/target.js';
import { SqliteReadPool } from './reads/read-pool.js';
import { clientReader } from './reports/reader.js';
import { startRollupCatchUp } from './reports/rollup-fresh.js';
import { DomainBus } from './domain/events.js';
import { createHttpApp } from './http/app.js';
import { MEMORY, type LimiterStore } from './http/limiter-store.js';
import { Ingest } from './ingest/ingest.js';
import { createSearchIndex } from './kb/search/index.js';
import { KnowledgeBase } from './kb/service.js';
import { listenForSuggestions } from './kb/suggestions.js';
import { SuggestionCache } from './kb/suggestion-cache.js';
import { createLogger, type Logger } from './log.js';
import { registerDelivery } from './outbox/deliver.js';
import { AttachmentService } from './attachments/service.js';
import { AttachmentSigner } from './attachments/signed-url.js';
import { uploadLimits } from './attachments/limits.js';
import { schedulePurge } from './attachments/purge.js';
import { listenForWebhooks } from './webhooks/listener.js';
import { CsatService } from './csat/service.js';
import { OutboxWorker } from './outbox/outbox.js';
import { agentDirectory, PresenceService } from './presence.js';
import { mountAgentGateway, type AgentNamespace } from './realtime/agent-gateway.js';
import { listenForRealtime } from './realtime/listener.js';
import { cleanPayloads } from './realtime/clean-payloads.js';
import { BusWithPeers, clusterPrefix, connectRedis, listenToPeers, redisAdapter, relayToPeers } from './realtime/redis.js';
import { mountWidgetGateway, type WidgetNamespace } from './realtime/widget-gateway.js';
import { RoutingService } from './routing/router.js';

export interface App {
  ctx: AppContext;
  http: HttpServer;
  io: SocketServer;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface AppOptions {
  log?: Logger;
  adapters?: AdapterRegistry;
  /** Where the one-time admin password goes (stdout by default). */
  print?: (text: string) => void;
  presenceGraceMs?: number;
  /** false: no background roll-up builds (tests that compare reports at a chosen `now`). */
  rollupCatchUp?: boolean;
}

export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const target = databaseTarget({ DATABASE_URL: config.DATABASE_URL, DATA_DIR: config.DATA_DIR });
  const applied = await migrate(target);
  if (applied.length) log.info({ applied }, 'database migrated');
  const db = await openDatabase(target);
  const messages = await openChatMessageStore(target, db, log);
  // PostgreSQL's autovacuum keeps its statistics (docs/database.md); SQLite needs asking.
  const optimized = target.provider === 'sqlite' ? await startSqliteOptimizer(db, log) : async () => undefined;
  const secret = await ensureSecret(db, config);
  await bootstrap(db, config, log, opts.print ?? ((t) => process.stdout.write(t)));

  const bus = new DomainBus((event, err) => log.error({ err, event }, 'event listener failed'));
  // Other nodes' changes (REDIS_URL): heard by caches only, never re-broadcast from here.
  const peers = new DomainBus((event, err) => log.error({ err, event }, 'peer event listener failed'));
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, log) : null;
  if (redis && !config.MEILISEARCH_URL) log.warn('REDIS_URL without MEILISEARCH_URL: each node keeps its own embedded search index (see docs/scaling.md)');
  const outbox = new OutboxWorker(db, log);
  // Endpoint settings (provider API URLs) only ever from the environment: server/channels/inbox-settings.ts.
  const adapters = withEndpointSettings(opts.adapters ?? defaultAdapters(), config);
  const limits: LimiterStore = redis ? { kind: 'redis', client: redis, prefix: clusterPrefix(secret) } : MEMORY;
  const kb = new KnowledgeBase(db, createSearchIndex({ meilisearchUrl: config.MEILISEARCH_URL, meilisearchKey: config.MEILISEARCH_KEY }), outbox);
  const cacheBus = new BusWithPeers(bus, peers);
  const attachments = new AttachmentService(db, config.DATA_DIR, uploadLimits(config));
  const attachmentLinks = new AttachmentSigner(secret, config.PUBLIC_URL ?? null);
  const conversations = new ConversationService(db, bus, config.MAX_MESSAGE_CHARS, () => outbox.kick(), replyLimits(adapters, config.MAX_MESSAGE_CHARS), attachments);
  // SQLite: heavy reads in a worker with its own read-only connection; PostgreSQL: the pool as before.
  const readPool = target.provider === 'sqlite' ? new SqliteReadPool(path.resolve(target.file), (code) => log.warn({ code }, 'read worker exited; the next read starts a new one')) : null;
  const ctx: AppContext = {
    config, db, log, bus, cacheBus, outbox, adapters, kb, attachments, attachmentLinks, suggestions: new SuggestionCache(cacheBus),
    reads: readPool ?? clientReader(db),
    sessions: new SessionStore(db, config.SESSION_TTL_HOURS),
    limits, loginThrottle: new LoginThrottle(limits),
    visitorTokens: new VisitorTokens(secret, config.VISITOR_TOKEN_TTL_DAYS * 86_400_000),
    // A customer waits on ingest: on SQLite its statements go first at the connection's gate.
    ingest: new Ingest(urgentClientOf(db), cacheBus, config.MAX_MESSAGE_CHARS, config.DATA_DIR, messages),
    conversations,
    starter: new ConversationStarter(db, bus, adapters, conversations, replyLimits(adapters, config.MAX_MESSAGE_CHARS), () => outbox.kick()),
    search: new ConversationSearch(db, target.provider),
    routing: new RoutingService(db, bus, log),
    presence: new PresenceService(db, bus, opts.presenceGraceMs),
    canned: new CannedResponseService(db),
    csat: new CsatService(db, bus, secret, { publicUrl: config.PUBLIC_URL ?? null, log, kick: () => outbox.kick() }),
  };
  registerDelivery(outbox, db, bus, adapters, { files: attachments, links: attachmentLinks });
  listenForWebhooks(ctx);
  ctx.csat.register(outbox);
  ctx.csat.listen();
  ctx.ingest.csatReply = (m) => ctx.csat.captureInbound(m);
  // The in-memory index starts empty and is built in the background (searches wait for it);
  // Meilisearch is shared by every node and kept current by the outbox, so a start only applies its
  // settings (rebuild it on demand: npm run kb:reindex).
  if (kb.index.persistent) await kb.index.init();
  const indexBuilt = kb.index.persistent ? Promise.resolve() : kb.rebuild().then(() => undefined, (err: unknown) => log.error({ err }, 'knowledge-base index build failed; searches answer from what was indexed'));

  const host = createChannelHost(ctx);
  const http = createServer(createHttpApp(ctx, target.provider, host));
  coalesceWebsocketWrites();
  // Cross-origin for the widget on customers' sites; staff sockets check their origin themselves.
  const io = new SocketServer(http, {
    maxHttpBufferSize: 64 * 1024, cors: { origin: true, credentials: false }, pingInterval: 20_000, pingTimeout: 20_000,
    ...(redis ? { adapter: await redisAdapter(redis, secret) } : {}),
  });
  if (redis) relayToPeers(io, bus, peers);
  listenToPeers(peers, ctx);
  ctx.presence.attach(agentDirectory(io.of('/agent')));
  for (const nsp of ['/widget', '/agent']) cleanPayloads(io.of(nsp));
  mountWidgetGateway(io.of('/widget') as unknown as WidgetNamespace, ctx);
  mountAgentGateway(io.of('/agent') as unknown as AgentNamespace, ctx);
  const stopRealtime = listenForRealtime(io, ctx);
  const stopSuggestions = listenForSuggestions(io, ctx);
  ctx.routing.listen();
  outbox.start();
  outbox.kick();
  const rollups = opts.rollupCatchUp === false ? null : startRollupCatchUp(db, target.provider === 'postgresql' ? 'postgresql' : 'sqlite', { onError: (err) => log.warn({ err }, 'report roll-up catch-up failed') });
  const stopPurge = schedulePurge(db, attachments, log);
  // Channel watchers (IMAP IDLE...) run on every node; each takes a lease per mailbox.
  const stopChannels: (() => Promise<void>)[] = [];
  for (const adapter of Object.values(adapters)) if (adapter?.start) stopChannels.push(await adapter.start(host));

  return {
    ctx, http, io,
    listen(port = config.PORT, host = config.HOST) {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          const { port: actual } = http.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${actual}`);
        });
      });
    },
    async close() {
      for (const stop of stopChannels) await stop().catch((err) => log.warn({ err }, 'channel stop failed'));
      await ctx.routing.stop(); // sweeps and routing handlers finish before the database closes
      await outbox.stop();
      await rollups?.stop();
      stopPurge();
      stopRealtime();
      stopSuggestions();
      ctx.presence.stop();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await redis?.close().catch(() => undefined);
      await indexBuilt; // its reads must not outlive the connection
      await messages.close();
      await readPool?.close();
      await optimized();
      if (urgentClientOf(db) !== db) await urgentClientOf(db).$disconnect();
      await db.$disconnect();
    },
  };
}
