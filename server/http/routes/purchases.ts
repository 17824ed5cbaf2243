// Purchases from the ERP or shop: a JSON API idempotent by order number, and a CSV import that
// runs in the background with observable progress.
import { Router } from 'express';
import { body } from '../body.js';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { readImport, startImport } from '../../customers/import-job.js';
import { purchaseInput, recordPurchase } from '../../customers/purchases.js';
import '../../customers/events.js';
import { AppError } from '../../errors.js';
import { requireRole } from '../auth.js';
import { parse } from '../validate.js';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const jobParams = z.object({ jobId: z.uuid('must be a job id') });

/** POST /api/purchases; mounted under the JSON-only /api router. */
export function purchaseRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireRole(ctx.sessions, 'supervisor'));
  r.post('/', async (req, res) => {
    const input = parse(purchaseInput, req.body);
    const { purchase, created } = await recordPurchase(ctx.db, input);
    if (created) ctx.bus.emit('customer.updated', { customerId: purchase.customerId, change: 'purchase', version: purchase.id, webhooksQueued: true });
    res.status(created ? 201 : 200).json({ ...purchase, created });
  });
  return r;
}

/**
 * /api/purchases/import: takes text/csv explicitly, so it is mounted before the /api router's
 * JSON-only check (a cross-site form cannot send text/csv without a CORS preflight either).
 */
export function purchaseImportRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireRole(ctx.sessions, 'supervisor'));
  r.post('/', body.text({ type: 'text/csv', limit: MAX_IMPORT_BYTES }), async (req, res) => {
    if (!req.is('text/csv')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file with Content-Type: text/csv');
    if (typeof req.body !== 'string' || req.body.trim() === '') throw new AppError('VALIDATION_FAILED', 'The CSV file is empty');
    const progress = await startImport(ctx.db, ctx.log, req.body);
    if (progress.status === 'failed') throw new AppError('VALIDATION_FAILED', progress.errors[0]?.message ?? 'The CSV header is invalid', 'header');
    res.status(202).json({ jobId: progress.jobId, total: progress.total, status: progress.status });
  });
  r.get('/:jobId', async (req, res) => {
    const { jobId } = parse(jobParams, req.params);
    const progress = await readImport(ctx.db, jobId);
    if (!progress) throw new AppError('NOT_FOUND', 'No such import job');
    res.json(progress);
  });
  return r;
}
