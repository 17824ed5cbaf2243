// Agent presence: what the agent chose (online/away), and offline once their last console tab
// has been gone for a grace period (a reload or a short network drop is not going offline).
import type { Db } from './db/client.js';
import type { DomainBus } from './domain/events.js';
import type { Presence } from './realtime/contract.js';

export class PresenceService {
  private sockets = new Map<string, number>();
  private offlineTimers = new Map<string, NodeJS.Timeout>();

  constructor(private db: Db, private bus: DomainBus, private graceMs = 30_000) {}

  async set(userId: string, presence: Presence): Promise<void> {
    await this.db.user.update({ where: { id: userId }, data: { presence, lastSeenAt: new Date() } });
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
    const timer = setTimeout(() => {
      this.offlineTimers.delete(userId);
      void this.set(userId, 'offline').catch(() => undefined);
    }, this.graceMs);
    timer.unref();
    this.offlineTimers.set(userId, timer);
  }

  async anyoneOnline(): Promise<boolean> {
    return (await this.db.user.count({ where: { presence: 'online', active: true } })) > 0;
  }

  stop(): void {
    for (const t of this.offlineTimers.values()) clearTimeout(t);
    this.offlineTimers.clear();
  }
}
