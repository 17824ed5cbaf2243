// The /agent namespace: agents, supervisors and admins, authenticated like the HTTP API.
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { sha256 } from '../auth/sessions.js';
import { tokenFrom } from '../http/auth.js';
import { parse, id } from '../http/validate.js';
import type { AgentClientToServer, AgentServerToClient, StaffSocketData } from './contract.js';
import { suggestionsOnOpen } from '../kb/suggestions.js';
import { ackError } from './ack.js';
import { rooms } from './rooms.js';

export type AgentNamespace = Namespace<AgentClientToServer, AgentServerToClient, Record<string, never>, StaffSocketData>;
type AgentSocket = Socket<AgentClientToServer, AgentServerToClient, Record<string, never>, StaffSocketData>;

/** A cookie rides along on any cross-site WebSocket, so cookie auth needs our own origin. */
function sameOrigin(socket: AgentSocket, publicUrl: string | undefined): boolean {
  const origin = socket.handshake.headers.origin;
  if (!origin) return true;
  const allowed = publicUrl ? new URL(publicUrl).host : socket.handshake.headers.host;
  try {
    return new URL(origin).host === allowed;
  } catch {
    return false;
  }
}

export function mountAgentGateway(nsp: AgentNamespace, ctx: AppContext): void {
  const watchSchema = z.object({ conversationId: id });
  const typingSchema = z.object({ conversationId: id, typing: z.boolean() });
  const presenceSchema = z.object({ presence: z.enum(['online', 'away', 'offline']) });

  nsp.use(async (socket, next) => {
    const explicit = typeof socket.handshake.auth?.token === 'string' ? (socket.handshake.auth.token as string) : undefined;
    if (!explicit && !sameOrigin(socket, ctx.config.PUBLIC_URL)) return next(new Error('FORBIDDEN'));
    const token = explicit ?? tokenFrom({ cookie: socket.handshake.headers.cookie });
    const user = await ctx.sessions.resolve(token).catch(() => null);
    if (!user || !token) return next(new Error('UNAUTHENTICATED'));
    socket.data = { userId: user.id, role: user.role, name: user.name };
    void socket.join(rooms.session(sha256(token)));
    next();
  });

  nsp.on('connection', (socket: AgentSocket) => {
    const { userId, role } = socket.data;
    void socket.join([rooms.staff, rooms.user(userId), ...(role === 'agent' ? [] : [rooms.supervisors])]);
    ctx.presence.connected(userId);
    socket.on('disconnect', () => ctx.presence.disconnected(userId));

    socket.on('conversation.watch', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const { conversationId } = parse(watchSchema, payload);
        // Throws CONVERSATION_NOT_FOUND; the summary the list just pushed is cached, so 40 agents opening a new conversation read nothing.
        await ctx.conversations.cachedSummary(conversationId);
        await socket.join(rooms.conversation(conversationId));
        ack({ ok: true, data: { watching: conversationId } });
        // Opening a conversation shows suggestions for the customer's latest words at once (one search for every watcher).
        const suggestions = await suggestionsOnOpen(ctx, conversationId);
        if (suggestions) socket.emit('suggestions.updated', { conversationId, suggestions });
      } catch (err) {
        ackError(ack, err, ctx.log);
      }
    });

    socket.on('conversation.unwatch', (payload) => {
      const parsed = watchSchema.safeParse(payload);
      if (parsed.success) void socket.leave(rooms.conversation(parsed.data.conversationId));
    });

    socket.on('typing.set', (payload) => {
      const parsed = typingSchema.safeParse(payload);
      if (!parsed.success || !socket.rooms.has(rooms.conversation(parsed.data.conversationId))) return;
      ctx.bus.emit('typing.updated', { conversationId: parsed.data.conversationId, who: 'agent', name: socket.data.name, typing: parsed.data.typing, userId });
    });

    socket.on('presence.set', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const { presence } = parse(presenceSchema, payload);
        await ctx.presence.set(userId, presence);
        ack({ ok: true, data: { presence } });
      } catch (err) {
        ackError(ack, err, ctx.log);
      }
    });
  });
}
