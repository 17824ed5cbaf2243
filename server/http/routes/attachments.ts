// Attachment downloads: staff (session), a web visitor (their tokens, for their own conversation)
// or anyone holding a signed, expiring link (providers that fetch media, links sent in text).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { safeContentType } from '../../ingest/content-type.js';
import { INLINE_IMAGE_TYPES } from '../../attachments/limits.js';
import { webchatVisitor } from '../../customers/widget-auth.js';
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
      reject(err.code === 'ENOENT' || err.code === 'ENOTDIR' ? new AppError('ATTACHMENT_NOT_FOUND') : err);
    });
  });
}

const visitorQuery = z.object({ inboxToken: z.string().min(1).max(100), visitorToken: z.string().min(1).max(200) });
const signedQuery = z.object({ exp: z.string().max(20), sig: z.string().max(100) });

export function attachmentRoutes(ctx: AppContext): Router {
  const r = Router();
  const staff = requireRole(ctx.sessions);

  async function serve(res: Response, id: string): Promise<void> {
    const a = await ctx.attachments.find(id);
    if (!a) throw new AppError('ATTACHMENT_NOT_FOUND');
    const file = ctx.attachments.file(a.storageKey);
    // Every header is set here, in the handler, from checked values: an error in one reaches the error
    // handler (a throw inside the file stream's own callbacks would take the process down instead).
    // A download in a sandbox, so an uploaded HTML or SVG file never runs in our origin.
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, no-store');
    const contentType = safeContentType(a.contentType);
    const name = a.filename.replace(/[\u0000-\u001f\u007f]/g, '_') || 'attachment';
    // Images are previewed inline; everything else is a download, never rendered by the browser.
    if (INLINE_IMAGE_TYPES.has(contentType)) res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
    else res.attachment(name);
    res.setHeader('Content-Type', contentType);
    // The widget on another site shows the image: a cross-origin read of a file its tokens allow.
    res.setHeader('Access-Control-Allow-Origin', '*');
    await sendStored(res, file);
  }

  r.get('/:id/signed', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const q = parse(signedQuery, req.query);
    if (!ctx.attachmentLinks.verify(id, q.exp, q.sig)) throw new AppError('ATTACHMENT_NOT_FOUND', 'This link is wrong or has expired');
    await serve(res, id);
  });

  r.get('/:id', async (req: Request, res, next) => {
    if (req.query.visitorToken === undefined) return next();
    const { id } = parse(idParams, req.params);
    const q = parse(visitorQuery, req.query);
    const { inboxId, visitorId } = await webchatVisitor(ctx.db, ctx.visitorTokens, q.inboxToken, q.visitorToken);
    // Not theirs is not found: a visitor learns nothing about other conversations' files.
    if (!inboxId || !visitorId || !(await ctx.attachments.visitorMayRead(id, inboxId, visitorId))) throw new AppError('ATTACHMENT_NOT_FOUND');
    await serve(res, id);
  });

  r.get('/:id', staff, async (req, res) => {
    const { id } = parse(idParams, req.params);
    if (!(await ctx.attachments.staffMayRead(id, req.user!.id))) throw new AppError('ATTACHMENT_NOT_FOUND');
    await serve(res, id);
  });
  return r;
}
