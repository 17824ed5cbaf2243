// The classifier as an API (any channel or integrator can ask where a text would be routed), the
// SLA at-risk list for supervisors, and the routing admin API under /admin.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { decide } from '../../routing/router.js';
import { requireRole } from '../auth.js';
import { id, parse } from '../validate.js';
import { routingAdminRoutes } from './routing-admin.js';

const classifySchema = z.object({ text: z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters') });
const atRiskQuery = z.object({
  teamId: id.optional(),
  ratio: z.coerce.number().gt(0, 'must be above 0').max(1, 'must be at most 1').default(0.2),
});

export function routingRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/classify', requireRole(ctx.sessions), (req, res) => {
    res.json(decide(parse(classifySchema, req.body).text, ctx.routing.triageThreshold));
  });
  r.get('/at-risk', requireRole(ctx.sessions, 'supervisor'), async (req, res) => {
    const q = parse(atRiskQuery, req.query);
    const list = await ctx.routing.atRisk(q.ratio, q.teamId);
    res.json({ ratio: q.ratio, conversations: list.map((c) => ({ ...c, dueAt: c.dueAt.toISOString() })) });
  });
  r.use('/admin', routingAdminRoutes(ctx));
  return r;
}
