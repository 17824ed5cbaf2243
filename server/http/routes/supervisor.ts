// The supervisor's live numbers: per team and channel waiting, longest wait, in progress, SLA at
// risk and breached, agents by status with their load; CSAT. The same body is pushed over the
// socket as 'overview.updated' (server/reports/overview-push.ts).
import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { buildOverview } from '../../reports/overview.js';
import { requireRole } from '../auth.js';

export function supervisorRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/overview', requireRole(ctx.sessions, 'supervisor'), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await buildOverview(ctx.db));
  });
  return r;
}
