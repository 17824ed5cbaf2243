// The /widget namespace: website visitors. A visitor is who their server-minted token says,
// and sees only their own conversations.
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { normalizeWebchat } from '../../channels/webchat/adapter.js';
import { cleanVisitorContext } from '../customers/visitor-label.js';
import { linkWidgetUser, verifiedUserOf, visitorFits, widgetUserClaim } from '../customers/widget-auth.js';
import { csatSubmitHandler } from '../csat/widget.js';
import { AppError } from '../errors.js';
import { id, MAX_MESSAGE_ID, parse } from '../http/validate.js';
import { MAX_FILES_PER_MESSAGE, visitorUploader } from '../attachments/service.js';
import { socketLimiter } from '../http/rate-limit.js';
import { publicMessage, messageInclude } from '../domain/views.js';
import { catchUpMessages } from '../conversations/catch-up.js';
import type { AppContext } from '../context.js';
import type { Ack, PublicMessage, VisitorSocketData, WidgetClientToServer, WidgetServerToClient } from './contract.js';
import { rooms } from './rooms.js';
import { ackError } from './ack.js';
import { alreadySent, conversationIds, latestConversation, leaveFollowup } from './visitor-conversations.js';

export type WidgetNamespace = Namespace<WidgetClientToServer, WidgetServerToClient, Record<string, never>, VisitorSocketData>;
type WidgetSocket = Socket<WidgetClientToServer, WidgetServerToClient, Record<string, never>, VisitorSocketData>;

// `context` is best effort (the widget's page, locale and zone): whatever does not check out is left out, never a refused connect.
const visitorContext = z.object({ page: z.unknown(), locale: z.unknown(), timeZone: z.unknown() }).partial().optional().catch(undefined);
const handshake = z.object({ inboxToken: z.string().min(1).max(100), visitorToken: z.string().max(200).optional(), context: visitorContext }).extend(widgetUserClaim.shape);

export function mountWidgetGateway(nsp: WidgetNamespace, ctx: AppContext): void {
  const sendLimit = socketLimiter(ctx.config.WIDGET_MESSAGES_PER_10S, 10);
  const typingLimit = socketLimiter(30, 10);
  const csatLimit = socketLimiter(10, 60);
  const submitCsat = csatSubmitHandler(ctx.csat, ctx.log);
  const sendSchema = z.object({
    clientMessageId: z.string().min(1).max(64),
    body: z.string().trim().max(ctx.config.MAX_MESSAGE_CHARS, `must be at most ${ctx.config.MAX_MESSAGE_CHARS} characters`),
    attachmentIds: z.array(id).max(MAX_FILES_PER_MESSAGE).optional(),
  }).refine((v) => v.body.length > 0 || (v.attachmentIds?.length ?? 0) > 0, { message: 'must not be empty', path: ['body'] });
  const syncSchema = z.object({ afterId: z.number().int().min(0).max(MAX_MESSAGE_ID) });
  const followSchema = z.object({ email: z.email('must be an email address').max(254) });

  nsp.use(async (socket, next) => {
    try {
      const auth = parse(handshake, socket.handshake.auth);
      const inbox = await ctx.db.inbox.findUnique({ where: { publicToken: auth.inboxToken } });
      if (!inbox || !inbox.enabled || inbox.channel !== 'webchat') return next(new Error('INBOX_NOT_FOUND'));
      // A forged or partial claim throws INVALID_SIGNATURE before anything else.
      const userId = verifiedUserOf(inbox, { userId: auth.userId, userHash: auth.userHash });
      let visitorId = ctx.visitorTokens.verify(inbox.id, auth.visitorToken);
      // A token of another signed user's browser (or of a user who signed out) starts a fresh visitor.
      if (visitorId && !(await visitorFits(ctx.db, inbox.id, visitorId, userId))) visitorId = null;
      // Every connection gets a freshly issued token (rotation); an unused one expires.
      const { visitorId: id, token: visitorToken } = ctx.visitorTokens.mint(inbox.id, visitorId ?? undefined);
      visitorId = id;
      if (userId !== null) await linkWidgetUser(ctx.db, ctx.bus, inbox.id, visitorId, userId);
      socket.data = { inboxId: inbox.id, visitorId, context: cleanVisitorContext(auth.context) };
      (socket as unknown as { session: object }).session = { visitorToken, inbox: { name: inbox.name, language: inbox.language } };
      next();
    } catch (err) {
      next(new Error(err instanceof AppError ? err.code : 'UNAUTHENTICATED'));
    }
  });

  nsp.on('connection', async (socket: WidgetSocket) => {
    const { inboxId, visitorId, context } = socket.data;
    const session = (socket as unknown as { session: { visitorToken: string; inbox: { name: string; language: string } } }).session;
    void socket.join(rooms.visitor(inboxId, visitorId));
    // Idle visitors are most of our sockets: drop the upgrade request engine.io keeps for the whole
    // session (socket.io's "Memory usage" guide); the handshake already holds what we read from it.
    (socket.conn as unknown as { request: unknown }).request = null;
    const latestOpen = () => latestConversation(ctx.db, inboxId, visitorId, true);

    socket.on('message.send', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const input = parse(sendSchema, payload);
        if (!(await sendLimit(`${inboxId}:${visitorId}`))) throw new AppError('RATE_LIMITED');
        const uploader = visitorUploader(inboxId, visitorId);
        // A retried send (same client id) finds its stored message; a first one needs unsent own uploads.
        if (input.attachmentIds?.length && !(await alreadySent(ctx.db, inboxId, visitorId, input.clientMessageId))) {
          await ctx.attachments.checkUnsent(uploader, input.attachmentIds);
        }
        const result = await ctx.ingest.receive({ ...normalizeWebchat(inboxId, visitorId, input, uploader, context), senderSocketId: socket.id });
        // A fresh store is answered from what we sent; a retried one reads the original back.
        const row = result.created && result.createdAt && !input.attachmentIds?.length
          ? { id: result.messageId, conversationId: result.conversationId, body: input.body, authorKind: 'customer', authorId: null, direction: 'in', private: false, clientMessageId: input.clientMessageId, deliveryStatus: 'delivered', deliveryError: null, createdAt: result.createdAt }
          : await ctx.db.message.findUniqueOrThrow({ where: { id: result.messageId }, include: messageInclude });
        ack({ ok: true, data: publicMessage(row) });
      } catch (err) {
        ackError(ack, err, ctx.log);
      }
    });

    socket.on('messages.sync', async (payload, ack: Ack<PublicMessage[]>) => {
      if (typeof ack !== 'function') return;
      try {
        const { afterId } = parse(syncSchema, payload);
        // Includes recent late commits at or below afterId: the widget merges them by id.
        const ids = await conversationIds(ctx.db, inboxId, visitorId);
        // By conversation id, so each read walks the (conversationId, id) index of the visitor's own chats.
        const rows = ids.length ? await catchUpMessages(ctx.db, { private: false, conversationId: { in: ids } }, afterId, 500) : [];
        ack({ ok: true, data: rows.map(publicMessage) });
      } catch (err) {
        ackError(ack, err, ctx.log);
      }
    });

    socket.on('typing.set', async (payload) => {
      // Typing is best effort: over the limit it is dropped, never an error.
      if (!(await typingLimit(`${inboxId}:${visitorId}`))) return;
      const typing = (payload as { typing?: unknown } | null)?.typing === true;
      const conversation = await latestOpen().catch(() => null);
      if (conversation) ctx.bus.emit('typing.updated', { conversationId: conversation.id, who: 'customer', name: null, typing });
    });

    socket.on('csat.submit', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      if (!(await csatLimit(`${inboxId}:${visitorId}`))) return ack({ ok: false, error: { code: 'RATE_LIMITED', message: 'Too many requests; slow down' } });
      await submitCsat(payload, ack);
    });

    socket.on('queue.position', async (_payload, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const c = await latestOpen();
        ack({ ok: true, data: c ? await ctx.routing.queuePosition(c.id) : { position: 0, estimatedWaitSec: 0 } });
      } catch (err) {
        ackError(ack, err, ctx.log);
      }
    });

    socket.on('followup.leave', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const { email } = parse(followSchema, payload);
        await leaveFollowup(ctx.db, ctx.bus, inboxId, visitorId, email);
        ack({ ok: true, data: { saved: true } });
      } catch (err) {
        ackError(ack, err, ctx.log);
      }
    });

    try {
      const [conversation, agentsOnline] = await Promise.all([
        latestOpen(),
        ctx.presence.anyoneOnline(),
      ]);
      socket.emit('session.ready', { visitorToken: session.visitorToken, visitorId, conversationId: conversation?.id ?? null, agentsOnline, inbox: session.inbox });
    } catch (err) {
      // Without session.ready the widget would wait forever; drop the socket so it reconnects.
      ctx.log.error({ err }, 'widget session setup failed');
      socket.conn.close();
    }
  });
}
