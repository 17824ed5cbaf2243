// Outbound webhook endpoints, admin only. The signing secret is returned once, at creation.
import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { createEndpoint, deleteEndpoint, endpointCreate, endpointPatch, endpointView, listEndpoints, updateEndpoint } from '../../webhooks/endpoints.js';
import { requireRole } from '../auth.js';
import { id, parse } from '../validate.js';
import { z } from 'zod';

const params = z.object({ id: z.uuid('must be a webhook id').or(id) });

export function webhookRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireRole(ctx.sessions, 'admin'));
  r.get('/', async (_req, res) => {
    res.json({ webhooks: (await listEndpoints(ctx.db)).map(endpointView) });
  });
  r.post('/', async (req, res) => {
    const endpoint = await createEndpoint(ctx.db, parse(endpointCreate, req.body));
    await ctx.db.auditLog.create({ data: { actorId: req.user!.id, action: 'webhook.create', subjectType: 'webhook', subjectId: endpoint.id, data: { url: endpoint.url, events: endpoint.events } } });
    res.status(201).json({ ...endpointView(endpoint), secret: endpoint.secret });
  });
  r.patch('/:id', async (req, res) => {
    const { id: endpointId } = parse(params, req.params);
    const updated = await updateEndpoint(ctx.db, endpointId, parse(endpointPatch, req.body));
    if (!updated) throw new AppError('NOT_FOUND', 'No such webhook');
    res.json(endpointView(updated));
  });
  r.delete('/:id', async (req, res) => {
    const { id: endpointId } = parse(params, req.params);
    if (!(await deleteEndpoint(ctx.db, endpointId))) throw new AppError('NOT_FOUND', 'No such webhook');
    await ctx.db.auditLog.create({ data: { actorId: req.user!.id, action: 'webhook.delete', subjectType: 'webhook', subjectId: endpointId } });
    res.status(204).end();
  });
  return r;
}
