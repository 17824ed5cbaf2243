// /api/canned-responses: saved replies. Parse, authorise (signed in; scope rules live in the service), call.
import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { conversationQuery, createCanned, listQuery, updateCanned } from '../../canned/schemas.js';
import { requireRole } from '../auth.js';
import { idParams, parse } from '../validate.js';

export function cannedResponseRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireRole(ctx.sessions, 'agent'));
  r.get('/', async (req, res) => {
    res.json({ items: await ctx.canned.list(req.user!, parse(listQuery, req.query)) });
  });
  r.get('/suggestions', async (req, res) => {
    res.json({ items: await ctx.canned.suggest(req.user!, parse(conversationQuery, req.query).conversationId) });
  });
  r.post('/', async (req, res) => {
    res.status(201).json(await ctx.canned.create(req.user!, parse(createCanned, req.body)));
  });
  r.patch('/:id', async (req, res) => {
    res.json(await ctx.canned.update(req.user!, parse(idParams, req.params).id, parse(updateCanned, req.body)));
  });
  r.delete('/:id', async (req, res) => {
    await ctx.canned.remove(req.user!, parse(idParams, req.params).id);
    res.status(204).end();
  });
  r.get('/:id/preview', async (req, res) => {
    res.json(await ctx.canned.preview(req.user!, parse(idParams, req.params).id, parse(conversationQuery, req.query).conversationId));
  });
  r.post('/:id/use', async (req, res) => {
    res.json(await ctx.canned.use(req.user!, parse(idParams, req.params).id, parse(conversationQuery, req.body).conversationId));
  });
  return r;
}
