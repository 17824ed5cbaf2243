// The supervisor's live numbers: per team waiting, longest wait, agents by status; CSAT.
import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { requireRole } from '../auth.js';

export function supervisorRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/overview', requireRole(ctx.sessions, 'supervisor'), async (_req, res) => {
    const now = Date.now();
    const [teams, waiting, inProgress, csat] = await Promise.all([
      ctx.db.team.findMany({ include: { members: { include: { user: { select: { id: true, name: true, presence: true, active: true } } } } }, orderBy: { name: 'asc' } }),
      ctx.db.conversation.groupBy({ by: ['teamId'], where: { status: 'open', assigneeId: null }, _count: { _all: true }, _min: { queuedAt: true } }),
      ctx.db.conversation.groupBy({ by: ['teamId'], where: { status: { in: ['open', 'pending'] }, assigneeId: { not: null } }, _count: { _all: true } }),
      ctx.db.csatResponse.aggregate({ _avg: { score: true }, _count: { _all: true } }),
    ]);
    const breached = await ctx.db.conversation.groupBy({ by: ['teamId'], where: { status: { not: 'resolved' }, firstResponseAt: null, firstResponseDueAt: { lt: new Date(now) } }, _count: { _all: true } });
    res.json({
      generatedAt: new Date(now).toISOString(),
      teams: teams.map((t) => {
        const w = waiting.find((x) => x.teamId === t.id);
        const agents = t.members.map((m) => m.user).filter((u) => u.active);
        return {
          id: t.id, key: t.key, name: t.name,
          waiting: w?._count._all ?? 0,
          longestWaitSec: w?._min.queuedAt ? Math.round((now - w._min.queuedAt.getTime()) / 1000) : 0,
          inProgress: inProgress.find((x) => x.teamId === t.id)?._count._all ?? 0,
          slaBreached: breached.find((x) => x.teamId === t.id)?._count._all ?? 0,
          agents: { online: agents.filter((a) => a.presence === 'online').length, away: agents.filter((a) => a.presence === 'away').length, offline: agents.filter((a) => a.presence === 'offline').length },
        };
      }),
      unrouted: waiting.find((x) => x.teamId === null)?._count._all ?? 0,
      csat: { average: csat._avg.score, responses: csat._count._all },
    });
  });
  return r;
}
