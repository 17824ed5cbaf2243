// "You are n-th in line, about m minutes": the place comes from the in-memory queue, the pace from
// the team's recent time to first response, spread over its online agents.
import type { RoutingDeps } from './deps.js';

export interface QueuePosition {
  /** 1-based; 0 when the conversation is not waiting (assigned, resolved, unknown). */
  position: number;
  estimatedWaitSec: number;
}

/** Without history, assume two minutes per conversation ahead per agent. */
export const DEFAULT_PACE_SEC = 120;
const HISTORY = 50;
const CACHE_MS = 60_000;

export class QueueEstimator {
  private pace = new Map<string, { sec: number; at: number }>();

  constructor(private d: RoutingDeps) {}

  async position(conversationId: string): Promise<QueuePosition> {
    const c = this.d.index.get(conversationId);
    const position = this.d.index.position(conversationId);
    if (!c || position === 0) return { position: 0, estimatedWaitSec: 0 };
    const pace = await this.paceSec(c.teamId!);
    const agents = Math.max(1, this.d.index.agents.onlineIn(c.teamId!));
    return { position, estimatedWaitSec: Math.round(Math.ceil(position / agents) * pace) };
  }

  /** Mean seconds from creation to first reply over the team's last answered conversations. */
  async paceSec(teamId: string): Promise<number> {
    const now = this.d.now();
    const cached = this.pace.get(teamId);
    if (cached && now - cached.at < CACHE_MS) return cached.sec;
    const rows = await this.d.db.conversation.findMany({
      where: { teamId, firstResponseAt: { not: null, gte: new Date(now - 7 * 86400_000) } },
      orderBy: { firstResponseAt: 'desc' },
      take: HISTORY,
      select: { createdAt: true, firstResponseAt: true },
    });
    const waits = rows.map((r) => (r.firstResponseAt!.getTime() - r.createdAt.getTime()) / 1000).filter((s) => s >= 0);
    const sec = waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : DEFAULT_PACE_SEC;
    this.pace.set(teamId, { sec, at: now });
    return sec;
  }
}
