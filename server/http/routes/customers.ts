// A customer with every identity and every conversation on every channel.
import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { conversationSummary, summaryInclude } from '../../domain/views.js';
import { AppError } from '../../errors.js';
import { requireRole } from '../auth.js';
import { idParams, parse } from '../validate.js';

export function customerRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireRole(ctx.sessions));
  r.get('/:id', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const customer = await ctx.db.customer.findUnique({
      where: { id },
      include: {
        identities: { select: { kind: true, value: true, verified: true, createdAt: true } },
        conversations: { include: summaryInclude, orderBy: { lastMessageAt: 'desc' }, take: 100 },
      },
    });
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND');
    const { conversations, ...profile } = customer;
    const channels = [...new Set(conversations.map((c) => c.channel))];
    res.json({ ...profile, channels, conversations: conversations.map(conversationSummary) });
  });
  return r;
}
