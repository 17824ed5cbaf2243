// Conversations for staff: list with filters, read, reply or note, assign/transfer, resolve/reopen.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireRole } from '../auth.js';
import { id, idParams, MAX_MESSAGE_ID, parse } from '../validate.js';

const listQuery = z.object({
  filter: z.enum(['all', 'mine', 'unassigned']).default('all'),
  teamId: id.optional(),
  status: z.enum(['open', 'pending', 'snoozed', 'resolved', 'all']).default('open'),
  channel: z.enum(['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime().optional(),
});

export function conversationRoutes(ctx: AppContext): Router {
  const r = Router();
  const max = ctx.config.MAX_MESSAGE_CHARS;
  const replySchema = z.object({
    body: z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`),
    private: z.boolean().default(false),
    clientMessageId: z.string().min(1).max(64).optional(),
  });
  const assignSchema = z.object({ assigneeId: id.nullable().optional(), teamId: id.nullable().optional() }).refine((v) => v.assigneeId !== undefined || v.teamId !== undefined, 'give assigneeId or teamId');
  const statusSchema = z.object({ status: z.enum(['open', 'pending', 'snoozed', 'resolved']) });
  const afterQuery = z.object({ after: z.coerce.number().int().min(0).max(MAX_MESSAGE_ID).default(0), limit: z.coerce.number().int().min(1).max(500).default(200) });

  r.use(requireRole(ctx.sessions));
  r.get('/', async (req, res) => {
    const q = parse(listQuery, req.query);
    const conversations = await ctx.conversations.list({ userId: req.user!.id, mine: q.filter === 'mine', unassigned: q.filter === 'unassigned', teamId: q.teamId, status: q.status, channel: q.channel, limit: q.limit, before: q.before });
    res.json({ conversations });
  });
  r.get('/:id', async (req, res) => {
    res.json(await ctx.conversations.detail(parse(idParams, req.params).id));
  });
  r.get('/:id/messages', async (req, res) => {
    const { id: conversationId } = parse(idParams, req.params);
    const q = parse(afterQuery, req.query);
    await ctx.conversations.summary(conversationId);
    res.json({ messages: await ctx.conversations.messagesAfter(conversationId, q.after, q.limit) });
  });
  r.post('/:id/messages', async (req, res) => {
    const { id: conversationId } = parse(idParams, req.params);
    const input = parse(replySchema, req.body);
    res.status(201).json(await ctx.conversations.reply(conversationId, req.user!.id, input));
  });
  r.post('/:id/assign', async (req, res) => {
    const { id: conversationId } = parse(idParams, req.params);
    res.json(await ctx.conversations.assign(conversationId, req.user!.id, parse(assignSchema, req.body)));
  });
  // An agent corrects the classifier: stored for retraining, and the conversation re-routed.
  const typeSchema = z.object({ type: z.enum(['sales', 'support', 'complaint', 'billing']) });
  r.post('/:id/type', async (req, res) => {
    const { id: conversationId } = parse(idParams, req.params);
    const { type } = parse(typeSchema, req.body);
    await ctx.routing.correctType(conversationId, req.user!.id, type);
    res.json(await ctx.conversations.summary(conversationId));
  });
  r.post('/:id/status', async (req, res) => {
    const { id: conversationId } = parse(idParams, req.params);
    res.json(await ctx.conversations.setStatus(conversationId, req.user!.id, parse(statusSchema, req.body).status));
  });
  return r;
}
