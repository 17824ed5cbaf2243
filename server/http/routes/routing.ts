// The classifier as an API: any channel or integrator can ask where a text would be routed.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { decide } from '../../routing/router.js';
import { requireRole } from '../auth.js';
import { parse } from '../validate.js';

const classifySchema = z.object({ text: z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters') });

export function routingRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/classify', requireRole(ctx.sessions), (req, res) => {
    res.json(decide(parse(classifySchema, req.body).text));
  });
  return r;
}
