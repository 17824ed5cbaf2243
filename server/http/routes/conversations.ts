// Conversations for staff: list with filters, read, reply or note, assign/transfer, resolve/reopen.
import { Router } from 'express';
import { z } from 'zod';
import { PermanentDeliveryError } from '../../../channels/types.js';
import type { AppContext } from '../../context.js';
import { longestReply } from '../../channels/limits.js';
import { AppError } from '../../errors.js';
import { requireRole } from '../auth.js';
import { id, idParams, MAX_MESSAGE_ID, parse } from '../validate.js';
import { searchQuery } from '../../search/query.js';

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
  // The outer bound; the service checks the conversation's own channel limit (and MAX_MESSAGE_CHARS for notes).
  const max = longestReply(ctx.adapters, ctx.config.MAX_MESSAGE_CHARS);
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
    // q turns the list into a search over every message and customer (server/search/).
    if (req.query.q !== undefined) {
      res.json(await ctx.search.search(parse(searchQuery, req.query), req.user!.id));
      return;
    }
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
  // An agent accepts a waiting call: the channel adapter bridges it to their phone or browser.
  const connectSchema = z.object({ target: z.union([z.object({ number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number') }), z.object({ client: z.string().regex(/^[A-Za-z0-9_.-]{1,121}$/, 'must be a client name') })]) });
  r.post('/:id/call/connect', async (req, res) => {
    const { id: conversationId } = parse(idParams, req.params);
    const { target } = parse(connectSchema, req.body);
    const c = await ctx.db.conversation.findUnique({ where: { id: conversationId }, include: { inbox: true } });
    if (!c || c.channel !== 'voice' || !c.externalThreadId) throw new AppError('CONVERSATION_NOT_FOUND', 'No live call for this conversation');
    const voice = ctx.adapters.voice;
    if (!voice?.connectCall) throw new AppError('NOT_FOUND', 'Voice is not enabled on this server');
    try {
      res.json(await voice.connectCall({ settings: c.inbox.settings as Record<string, unknown>, callSid: c.externalThreadId, target, conversationId }));
    } catch (err) {
      if (err instanceof PermanentDeliveryError) throw new AppError('CONFLICT', `The call cannot be connected: ${err.message}`);
      throw err;
    }
  });
  r.post('/:id/status', async (req, res) => {
    const { id: conversationId } = parse(idParams, req.params);
    res.json(await ctx.conversations.setStatus(conversationId, req.user!.id, parse(statusSchema, req.body).status));
  });
  return r;
}
