// Agent presence: what the agent chose (online/away), and offline once their last console tab on
// any node has been gone for a grace period (a reload or a short network drop is not going
// offline). The database is the source of truth; sockets are counted across nodes.
import type { Namespace } from 'socket.io';
import type { Db } from './db/client.js';
import type { DomainBus } from './domain/events.js';
import type { Presence } from './realtime/contract.js';
import { rooms } from './realtime/rooms.js';

/** Console sockets on every node (socket.io's fetchSockets goes through the cluster adapter). */
export interface SocketDirectory {
  count(userId: string): Promise<number>;
  /** Users with at least one console socket open somewhere. */
  users(): Promise<Set<string>>;
}

export function agentDirectory(nsp: Namespace): SocketDirectory {
  return {
    count: async (userId) => (await nsp.in(rooms.user(userId)).fetchSockets()).length,
    users: async () => new Set((await nsp.fetchSockets()).map((s) => (s.data as { userId: string }).userId)),
  };
}

// Every widget connect asks whether anyone is online: one query per few seconds, not per visitor.
const ONLINE_CACHE_MS = 5_000;

export class PresenceService {
  private sockets = new Map<string, number>();
  private offlineTimers = new Map<string, NodeJS.Timeout>();
  private directory: SocketDirectory | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private online: { value: Promise<boolean>; expires: number } | null = null;

  constructor(private db: Db, private bus: DomainBus, private graceMs = 30_000) {
    bus.on('user.access_changed', () => this.invalidate());
  }

  /** Counts sockets cluster-wide from now on, and sweeps up agents left online by a node that died. */
  attach(directory: SocketDirectory, sweepMs = 60_000): void {
    this.directory = directory;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = setInterval(() => void this.sweep().catch(() => undefined), sweepMs);
    this.sweepTimer.unref();
  }

  async set(userId: string, presence: Presence): Promise<void> {
    await this.db.user.update({ where: { id: userId }, data: { presence, lastSeenAt: new Date() } });
    this.invalidate();
    this.bus.emit('presence.updated', { userId, presence });
  }

  connected(userId: string): void {
    this.sockets.set(userId, (this.sockets.get(userId) ?? 0) + 1);
    const timer = this.offlineTimers.get(userId);
    if (timer) clearTimeout(timer);
    this.offlineTimers.delete(userId);
  }

  disconnected(userId: string): void {
    const left = (this.sockets.get(userId) ?? 1) - 1;
    if (left > 0) return void this.sockets.set(userId, left);
    this.sockets.delete(userId);
    this.startGrace(userId);
  }

  async anyoneOnline(): Promise<boolean> {
    if (this.online && this.online.expires > Date.now()) return this.online.value;
    // Concurrent callers share the one query in flight.
    const value = this.db.user.count({ where: { presence: 'online', active: true } }).then((n) => n > 0);
    const entry = { value, expires: Date.now() + ONLINE_CACHE_MS };
    this.online = entry;
    value.catch(() => (this.online === entry ? (this.online = null) : undefined));
    return value;
  }

  /** Someone's presence changed (here or on another node): the next anyoneOnline() reads again. */
  invalidate(): void {
    this.online = null;
  }

  stop(): void {
    for (const t of this.offlineTimers.values()) clearTimeout(t);
    this.offlineTimers.clear();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
  }

  private startGrace(userId: string): void {
    if (this.offlineTimers.has(userId)) return;
    const timer = setTimeout(() => {
      this.offlineTimers.delete(userId);
      void this.expire(userId).catch(() => undefined);
    }, this.graceMs);
    timer.unref();
    this.offlineTimers.set(userId, timer);
  }

  /** After the grace period: offline, unless a tab is open on this or any other node. */
  private async expire(userId: string): Promise<void> {
    if (this.sockets.has(userId)) return;
    if (this.directory) {
      let open: number;
      try {
        open = await this.directory.count(userId);
      } catch {
        // A node did not answer (it may have just died): look again after another grace period.
        return this.startGrace(userId);
      }
      if (open > 0 || this.sockets.has(userId)) return;
    }
    // Conditional, so that when several nodes expire the same agent only one announces it.
    const changed = await this.db.user.updateMany({ where: { id: userId, presence: { not: 'offline' } }, data: { presence: 'offline', lastSeenAt: new Date() } });
    if (changed.count === 0) return;
    this.invalidate();
    this.bus.emit('presence.updated', { userId, presence: 'offline' });
  }

  /** Agents marked online/away with no socket anywhere (their node crashed) go through the grace too. */
  private async sweep(): Promise<void> {
    if (!this.directory) return;
    const marked = await this.db.user.findMany({ where: { presence: { not: 'offline' } }, select: { id: true } });
    if (marked.length === 0) return;
    const connected = await this.directory.users();
    for (const { id } of marked) if (!connected.has(id) && !this.sockets.has(id)) this.startGrace(id);
  }
}
