// Customer 360: a customer with every identity and conversation on every channel, plus lifecycle,
// purchases, leads and CSAT; search, profile edits, merge suggestions, merge and undo.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { findDuplicates } from '../../customers/duplicates.js';
import { mergeCustomers, undoMerge } from '../../customers/merge.js';
import { customer360 } from '../../customers/profile.js';
import { visitorLabel } from '../../customers/visitor-label.js';
import { searchCustomers } from '../../customers/search.js';
import { listCustomers } from '../../customers/list.js';
import { decodeCursor } from '../../db/keyset.js';
import { customerPatch, updateCustomer } from '../../customers/update.js';
import '../../customers/events.js';
import { withLastMessage } from '../../conversations/last-messages.js';
import { conversationSummary, summaryInclude } from '../../domain/views.js';
import { AppError } from '../../errors.js';
import { requireRole } from '../auth.js';
import { id, idParams, parse } from '../validate.js';

// With q: a search (best matches, no paging); without: the whole list, keyset-paged by cursor.
const searchQuery = z.object({
  q: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});
const mergeBody = z.object({ sourceId: id }).strict();
const auditParams = z.object({ auditId: id });

export function customerRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireRole(ctx.sessions));
  const supervisor = requireRole(ctx.sessions, 'supervisor');

  r.get('/', async (req, res) => {
    const { q, limit, cursor } = parse(searchQuery, req.query);
    if (q) res.json({ customers: await searchCustomers(ctx.db, ctx.search, q, limit) });
    else res.json(await listCustomers(ctx.db, { limit, cursor: cursor ? decodeCursor(cursor) : undefined }));
  });

  r.get('/:id', async (req, res) => {
    const { id: customerId } = parse(idParams, req.params);
    const customer = await ctx.db.customer.findUnique({
      where: { id: customerId },
      include: {
        identities: { select: { kind: true, value: true, verified: true, createdAt: true } },
        conversations: { include: summaryInclude, orderBy: { lastMessageAt: 'desc' }, take: 100 },
      },
    });
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND');
    const { conversations, visitorContext, ...profile } = customer;
    const channels = [...new Set(conversations.map((c) => c.channel))];
    res.json({ ...profile, visitor: visitorLabel(customer.id, visitorContext), channels, conversations: (await withLastMessage(ctx.db, conversations)).map(conversationSummary), ...(await customer360(ctx.db, customerId)) });
  });

  r.patch('/:id', async (req, res) => {
    const { id: customerId } = parse(idParams, req.params);
    const patch = parse(customerPatch, req.body);
    res.json(await updateCustomer(ctx.db, ctx.bus, customerId, patch, req.user!.id));
  });

  r.get('/:id/duplicates', async (req, res) => {
    const { id: customerId } = parse(idParams, req.params);
    const suggestions = await findDuplicates(ctx.db, customerId);
    if (!suggestions) throw new AppError('CUSTOMER_NOT_FOUND');
    res.json({ duplicates: suggestions });
  });

  // Merging rewrites ownership of whole histories: supervisors and admins only.
  r.post('/:id/merge', supervisor, async (req, res) => {
    const { id: targetId } = parse(idParams, req.params);
    const { sourceId } = parse(mergeBody, req.body);
    const { auditId, record } = await mergeCustomers(ctx.db, ctx.bus, targetId, sourceId, req.user!.id);
    res.json({ auditId, targetId, sourceId, moved: record.moved });
  });

  r.post('/merges/:auditId/undo', supervisor, async (req, res) => {
    const { auditId } = parse(auditParams, req.params);
    const record = await undoMerge(ctx.db, ctx.bus, auditId, req.user!.id);
    res.json({ undone: true, targetId: record.targetId, sourceId: record.sourceId, restored: record.moved });
  });
  return r;
}
