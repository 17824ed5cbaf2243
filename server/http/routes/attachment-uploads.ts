// Uploads (multipart/form-data, field `file`), mounted outside /api's JSON-only check: agents with
// their session, web visitors with their inbox and visitor tokens (no cookies, any site).
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { readUpload } from '../../attachments/multipart.js';
import { webchatVisitor } from '../../customers/widget-auth.js';
import { userUploader, visitorUploader } from '../../attachments/service.js';
import { socketLimiter } from '../rate-limit.js';
import { requireRole } from '../auth.js';
import { parse } from '../validate.js';

const visitorQuery = z.object({ inboxToken: z.string().min(1).max(100), visitorToken: z.string().min(1).max(200) });

export function attachmentUploadRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/', requireRole(ctx.sessions), async (req, res) => {
    const file = await readUpload(req, ctx.attachments.limits.maxBytes);
    res.status(201).json(await ctx.attachments.upload(userUploader(req.user!.id), file));
  });
  return r;
}

export function widgetUploadRoutes(ctx: AppContext): Router {
  const r = Router();
  const limit = socketLimiter(20, 60);
  r.use((_req, res, next) => {
    // A plain multipart POST needs no preflight; the answer must still be readable by the widget's site.
    res.setHeader('Access-Control-Allow-Origin', '*');
    next();
  });
  r.post('/', async (req, res) => {
    const q = parse(visitorQuery, req.query);
    const { inboxId, visitorId } = await webchatVisitor(ctx.db, ctx.visitorTokens, q.inboxToken, q.visitorToken);
    if (!inboxId) throw new AppError('INBOX_NOT_FOUND');
    if (!visitorId) throw new AppError('UNAUTHENTICATED', 'The visitor token is invalid or expired');
    if (!(await limit(`${inboxId}:${visitorId}`))) throw new AppError('RATE_LIMITED');
    const file = await readUpload(req, ctx.attachments.limits.maxBytes);
    res.status(201).json(await ctx.attachments.upload(visitorUploader(inboxId, visitorId), file));
  });
  return r;
}
