// Leads for sales: created from a pre-sales conversation, then worked through the stages.
import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { createLead, leadCreate, leadPatch, leadQuery, listLeads, updateLead } from '../../customers/leads.js';
import { requireRole } from '../auth.js';
import { idParams, parse } from '../validate.js';

export function leadRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireRole(ctx.sessions));
  r.get('/', async (req, res) => {
    res.json({ leads: await listLeads(ctx.db, parse(leadQuery, req.query)) });
  });
  r.post('/', async (req, res) => {
    res.status(201).json(await createLead(ctx.db, ctx.bus, parse(leadCreate, req.body), req.user!.id));
  });
  r.patch('/:id', async (req, res) => {
    const { id } = parse(idParams, req.params);
    res.json(await updateLead(ctx.db, id, parse(leadPatch, req.body), req.user!.id));
  });
  return r;
}
