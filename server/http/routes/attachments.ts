// Attachment downloads for staff. Files live under DATA_DIR/attachments; the id is the only key.
import { Router } from 'express';
import path from 'node:path';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { requireRole } from '../auth.js';
import { idParams, parse } from '../validate.js';

export function attachmentRoutes(ctx: AppContext): Router {
  const r = Router();
  const root = path.resolve(ctx.config.DATA_DIR, 'attachments');
  r.get('/:id', requireRole(ctx.sessions), async (req, res) => {
    const a = await ctx.db.attachment.findUnique({ where: { id: parse(idParams, req.params).id } });
    if (!a) throw new AppError('NOT_FOUND', 'No such attachment');
    const file = path.resolve(root, a.storageKey);
    // A stored key can never point outside the attachments folder.
    if (!file.startsWith(root + path.sep)) throw new AppError('NOT_FOUND', 'No such attachment');
    // Served as a download so an uploaded HTML or SVG file never runs in our origin.
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.download(file, a.filename, { headers: { 'Content-Type': a.contentType } });
  });
  return r;
}
