// Conversations for staff: list with filters, read, reply or note, assign/transfer, resolve/reopen.
import { Router } from 'express';
import { z } from 'zod';
import { PermanentDeliveryError } from '../../../channels/types.js';
import type { AppContext } from '../../context.js';
import { longestReply } from '../../channels/limits.js';
import { AppError } from '../../errors.js';
import { requireRole } from '../auth.js';
import { MAX_FILES_PER_MESSAGE } from '../../attachments/service.js';
import { id, idParams, MAX_MESSAGE_ID, parse } from '../validate.js';
import { LIST_SORTS } from '../../conversations/list-query.js';
import { decodeCursor } from '../../db/keyset.js';
import { OPEN_MESSAGES } from '../../conversations/message-pages.js';
import { REQUEST_TYPES } from '../../routing/classifier/types.js';
import { searchQuery } from '../../search/query.js';

const listQuery = z.object({
  filter: z.enum(['all', 'mine', 'unassigned']).default('all'),
  assigneeId: id.optional(),
  teamId: id.optional(),
  status: z.enum(['open', 'pending', 'snoozed', 'resolved', 'all']).default('open'),
  channel: z.enum(['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack']).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
  priority: z.coerce.number().int().min(0).max(3).optional(),
  customerId: id.optional(),
  sort: z.enum(LIST_SORTS).default('recent'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional(),
  // Kept for older clients: strictly older than this lastMessageAt (ties are skipped; cursor is exact).
  before: z.iso.datetime().optional(),
}).refine((q) => !(q.assigneeId && q.filter !== 'all'), { message: 'give filter or assigneeId, not both', path: ['assigneeId'] });

export function conversationRoutes(ctx: AppContext): Router {
  const r = Router();
  // The outer bound; the service checks the conversation's own channel limit (and MAX_MESSAGE_CHARS for notes).
  const max = longestReply(ctx.adapters, ctx.config.MAX_MESSAGE_CHARS);
  const replySchema = z.object({
    body: z.string().trim().max(max, `must be at most ${max} characters`),
    private: z.boolean().default(false),
    clientMessageId: z.string().min(1).max(64).optional(),
    attachmentIds: z.array(id).max(MAX_FILES_PER_MESSAGE, `must list at most ${MAX_FILES_PER_MESSAGE} files`).optional(),
  }).refine((v) => v.body.length > 0 || (v.attachmentIds?.length ?? 0) > 0, { message: 'must not be empty', path: ['body'] });
  const assignSchema = z.object({ assigneeId: id.nullable().optional(), teamId: id.nullable().optional() }).refine((v) => v.assigneeId !== undefined || v.teamId !== undefined, 'give assigneeId or teamId');
  const statusSchema = z.object({ status: z.enum(['open', 'pending', 'snoozed', 'resolved']) });
  const afterQuery = z.object({
    after: z.coerce.number().int().min(0).max(MAX_MESSAGE_ID).default(0),
    // An older page when scrolling up: messages with id < before, newest of them last.
    before: z.coerce.number().int().min(1).max(MAX_MESSAGE_ID).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  }).refine((q) => !(q.before && q.after), { message: 'give after or before, not both', path: ['before'] });

  const startSchema = z.object({
    inboxId: id,
    customerId: id.optional(),
    to: z.string().trim().min(3).max(320).optional(),
    subject: z.string().trim().min(1).max(300).optional(),
    teamId: id.optional(),
    body: z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`),
  }).refine((v) => (v.customerId === undefined) !== (v.to === undefined), { message: 'give exactly one of customerId or to', path: ['to'] });

  r.use(requireRole(ctx.sessions));
  r.post('/', async (req, res) => {
    const started = await ctx.starter.start(req.user!, parse(startSchema, req.body));
    res.status(started.created ? 201 : 200).json(started);
  });
  r.get('/', async (req, res) => {
    // q turns the list into a search over every message and customer (server/search/).
    if (req.query.q !== undefined) {
      res.json(await ctx.search.search(parse(searchQuery, req.query), req.user!.id));
      return;
    }
    const q = parse(listQuery, req.query);
    const assigneeId = q.filter === 'mine' ? req.user!.id : q.filter === 'unassigned' ? null : q.assigneeId;
    res.json(await ctx.conversations.list({
      status: q.status, channel: q.channel, teamId: q.teamId, assigneeId, type: q.type, priority: q.priority, customerId: q.customerId,
      sort: q.sort, limit: q.limit, cursor: q.cursor ? decodeCursor(q.cursor) : undefined, before: q.before ? new Date(q.before) : undefined,
    }));
  });
  r.get('/:id', async (req, res) => {
    res.json(await ctx.conversations.detail(parse(idParams, req.params).id));
  });
  r.get('/:id/messages', async (req, res) => {
    const { id: conversationId } = parse(idParams, req.params);
    const q = parse(afterQuery, req.query);
    await ctx.conversations.summary(conversationId);
    if (q.before) res.json(await ctx.conversations.messagesBefore(conversationId, q.before, q.limit ?? OPEN_MESSAGES));
    else res.json({ messages: await ctx.conversations.messagesAfter(conversationId, q.after, q.limit ?? 200) });
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
