// Many nodes over one Redis: socket.io's Redis streams adapter (a room reaches sockets on every
// node), and a relay of the few domain events other nodes must hear to keep their caches honest.
// Everything else stays in the database, the source of truth; no cluster protocol of our own.
import { createHash } from 'node:crypto';
import type { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import { DomainBus, type DomainEventName, type DomainEvents } from '../domain/events.js';
import type { Logger } from '../log.js';

export type Redis = ReturnType<typeof createClient>;

const CONNECT_TIMEOUT_MS = 10_000;
const PEER_EVENT = 'switchboard:peer';
/** Events whose effects other nodes cache: status (ingest's open-conversation cache), presence, access. */
const RELAYED: DomainEventName[] = ['conversation.updated', 'presence.updated', 'user.access_changed', 'session.revoked', 'customer.identities_changed'];

/** Connects, or fails the start with a clear message instead of waiting forever. */
export async function connectRedis(url: string, log: Logger): Promise<Redis> {
  // Loaded only when configured: the client and its modules cost a single node ~13 MB of memory.
  const { createClient } = await import('redis');
  let healthy = false;
  const client: Redis = createClient({ url, socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) } });
  // Log the transition, not every retry: a Redis outage must not flood the logs.
  client.on('error', (err: Error) => {
    if (healthy) log.warn({ err: err.message }, 'redis connection lost; retrying');
    healthy = false;
  });
  client.on('ready', () => {
    healthy = true;
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Cannot reach Redis at REDIS_URL (${redacted(url)}) within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([client.connect(), timeout]);
  } catch (err) {
    client.destroy();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return client;
}

function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Keys and channels are named after a hash of the shared secret: nodes of one deployment must share
 * it anyway (visitor tokens), and other deployments or test runs on the same Redis stay apart.
 */
export function clusterPrefix(secret: string): string {
  return `switchboard:${createHash('sha256').update(`switchboard-cluster:${secret}`).digest('hex').slice(0, 16)}`;
}

export async function redisAdapter(client: Redis, secret: string) {
  const { createAdapter } = await import('@socket.io/redis-streams-adapter');
  const prefix = clusterPrefix(secret);
  // Our packets are JSON only (files go over HTTP), so the binary scan can be skipped.
  return createAdapter(client, { streamName: `${prefix}:sio`, channelPrefix: `${prefix}:sio`, onlyPlaintext: true });
}

/** Sends the relayed events to the other nodes, and replays theirs on `peers` (never on `bus`). */
export function relayToPeers(io: Server, bus: DomainBus, peers: DomainBus): void {
  for (const event of RELAYED) bus.on(event, (payload) => void io.serverSideEmit(PEER_EVENT, { event, payload }));
  io.on(PEER_EVENT, (message: unknown) => {
    const { event, payload } = (message ?? {}) as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string' || !RELAYED.includes(event as DomainEventName) || typeof payload !== 'object' || payload === null) return;
    peers.emit(event as DomainEventName, payload as DomainEvents[DomainEventName]);
  });
}

/**
 * A view of the bus that also hears other nodes' relayed events, for components whose handlers
 * only drop cached state (ingest's open-conversation cache). Emitting goes to the local bus only.
 */
export class BusWithPeers extends DomainBus {
  constructor(private local: DomainBus, private peers: DomainBus) {
    super(() => undefined);
  }

  override emit<K extends DomainEventName>(event: K, payload: DomainEvents[K]): void {
    this.local.emit(event, payload);
  }

  override on<K extends DomainEventName>(event: K, listener: (payload: DomainEvents[K]) => void | Promise<void>): void {
    this.local.on(event, listener);
    this.peers.on(event, listener);
  }
}

/** What a node does when a peer changed something it may have cached. */
export function listenToPeers(peers: DomainBus, ctx: AppContext): void {
  // Re-reading refreshes the summary cache that the per-message staff broadcast reads from.
  peers.on('conversation.updated', async ({ conversationId }) => void (await ctx.conversations.summary(conversationId).catch(() => undefined)));
  peers.on('presence.updated', () => ctx.presence.invalidate());
  peers.on('session.revoked', ({ tokenHash }) => ctx.sessions.forgetToken(tokenHash));
  peers.on('user.access_changed', ({ userId }) => {
    ctx.sessions.forgetUser(userId);
    ctx.presence.invalidate();
  });
}
