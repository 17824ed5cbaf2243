// Knowledge-base API: articles for staff, search for everyone (published articles only).
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { hasRole, requireRole } from '../auth.js';
import { rateLimit } from '../rate-limit.js';
import { idParams, parse } from '../validate.js';

const status = z.enum(['draft', 'in_review', 'published', 'archived']);
const articleSchema = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(200), body: z.string().min(1, 'must not be empty').max(100_000),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(), language: z.enum(['en', 'zh']).optional(),
  status: status.optional(), category: z.string().trim().max(100).nullable().optional(),
});
const searchQuery = z.object({
  q: z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  language: z.enum(['en', 'zh']).optional(),
});

export function kbRoutes(ctx: AppContext): Router {
  const r = Router();
  const staff = requireRole(ctx.sessions);

  /** Agents write and submit for review; publishing is for supervisors and admins. */
  function checkPublish(role: Parameters<typeof hasRole>[0], next: string | undefined) {
    if ((next === 'published' || next === 'archived') && !hasRole(role, 'supervisor')) throw new AppError('FORBIDDEN', 'Only supervisors and admins publish or archive articles', 'status');
  }

  r.get('/search', rateLimit(120, 60), async (req, res) => {
    const q = parse(searchQuery, req.query);
    const hits = await ctx.kb.search(q.q, q.limit, q.language);
    res.json({ hits: hits.map((h) => ({ id: h.id, title: h.title, snippet: h.snippet })) });
  });
  r.post('/articles', staff, async (req, res) => {
    const input = parse(articleSchema, req.body);
    checkPublish(req.user!, input.status);
    res.status(201).json(await ctx.kb.create(input, req.user!.id));
  });
  r.get('/articles/:id', staff, async (req, res) => {
    res.json(await ctx.kb.get(parse(idParams, req.params).id));
  });
  r.patch('/articles/:id', staff, async (req, res) => {
    const input = parse(articleSchema.partial(), req.body);
    checkPublish(req.user!, input.status);
    res.json(await ctx.kb.update(parse(idParams, req.params).id, input, req.user!.id));
  });
  return r;
}
