// Server-wide security settings, admin only: the outbound allow-list (docs/security.md).
import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { allowListBody, readAllowList, writeAllowList } from '../../net/allow-list.js';
import { requireRole } from '../auth.js';
import { parse } from '../validate.js';

export function settingsRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireRole(ctx.sessions, 'admin'));
  r.get('/outbound', async (_req, res) => {
    res.json({ allowList: await readAllowList(ctx.db) });
  });
  r.put('/outbound', async (req, res) => {
    const { allowList } = parse(allowListBody, req.body);
    const saved = await writeAllowList(ctx.db, allowList);
    await ctx.db.auditLog.create({ data: { actorId: req.user!.id, action: 'settings.outbound.update', subjectType: 'setting', subjectId: 'security.outboundAllowList', data: { allowList: saved } } });
    res.json({ allowList: saved });
  });
  return r;
}
