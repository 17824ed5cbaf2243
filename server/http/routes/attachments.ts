// Attachment downloads for staff. Files live under DATA_DIR/attachments; the id is the only key.
import { Router, type Response } from 'express';
import path from 'node:path';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { safeContentType } from '../../ingest/content-type.js';
import { requireRole } from '../auth.js';
import { idParams, parse } from '../validate.js';

/** Streams the file; a missing one is a 404, and a failure after the headers went out just ends the response. */
function sendStored(res: Response, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    res.sendFile(file, { dotfiles: 'allow', cacheControl: false }, (err: (Error & { code?: string }) | undefined) => {
      if (!err) return resolve();
      if (res.headersSent) {
        res.destroy();
        return resolve();
      }
      reject(err.code === 'ENOENT' || err.code === 'ENOTDIR' ? new AppError('NOT_FOUND', 'No such attachment') : err);
    });
  });
}

export function attachmentRoutes(ctx: AppContext): Router {
  const r = Router();
  const root = path.resolve(ctx.config.DATA_DIR, 'attachments');
  r.get('/:id', requireRole(ctx.sessions), async (req, res) => {
    const a = await ctx.db.attachment.findUnique({ where: { id: parse(idParams, req.params).id } });
    if (!a) throw new AppError('NOT_FOUND', 'No such attachment');
    const file = path.resolve(root, a.storageKey);
    // A stored key can never point outside the attachments folder.
    if (!file.startsWith(root + path.sep)) throw new AppError('NOT_FOUND', 'No such attachment');
    // Every header is set here, in the handler, from checked values: an error in one reaches the error
    // handler (a throw inside the file stream's own callbacks would take the process down instead).
    // A download in a sandbox, so an uploaded HTML or SVG file never runs in our origin.
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, no-store');
    res.attachment(a.filename.replace(/[\u0000-\u001f\u007f]/g, '_') || 'attachment');
    res.setHeader('Content-Type', safeContentType(a.contentType));
    await sendStored(res, file);
  });
  return r;
}
