// The one listener that maps domain events to rooms. Customers get PublicMessage only, built
// from non-private rows, so a private note has no customer recipient by construction.
import type { Server } from 'socket.io';
import { afterPendingIo } from '../after-io.js';
import type { AppContext } from '../context.js';
import { messageInclude, publicMessage, staffMessage, type MessageRow } from '../domain/views.js';
import { buildOverview } from '../reports/overview.js';
import { createOverviewPusher } from '../reports/overview-push.js';
import { perKeyThrottle } from './per-key-throttle.js';
import { mayReach, rooms } from './rooms.js';
import { VisitorRooms } from './visitor-rooms.js';

/** Returns a stop function for the debounced overview push. */
export function listenForRealtime(io: Server, ctx: AppContext): () => void {
  const staff = io.of('/agent');
  const widget = io.of('/widget');
  const clustered = Boolean(ctx.config.REDIS_URL);

  const visitors = new VisitorRooms(ctx.db, ctx.cacheBus);
  const visitorRooms = (conversationId: string) => visitors.of(conversationId);

  // Every agent's list shows each conversation's last message; at chat speed, 4 updates a second do.
  const listUpdates = perKeyThrottle<null>(250, (conversationId) => {
    ctx.conversations.cachedSummary(conversationId).then(
      (summary) => staff.to(rooms.staff).emit('conversation.updated', summary),
      (err: unknown) => ctx.log.warn({ err, conversationId }, 'conversation summary failed'),
    );
  });

  /** A stored message to its watching agents and to the visitor's other tabs; synchronous on the hot path. */
  function fanOutMessage(conversationId: string, row: MessageRow, senderSocketId?: string): void | Promise<void> {
    staff.to(rooms.conversation(conversationId)).emit('message.created', staffMessage(row));
    ctx.conversations.recordMessage(conversationId, row);
    listUpdates.call(conversationId, null);
    if (row.private) return;
    const targets = visitorRooms(conversationId);
    return Array.isArray(targets) ? toOtherTabs(row, targets, senderSocketId) : targets.then((found) => toOtherTabs(row, found, senderSocketId));
  }

  /** The visitor's other tabs; the sending socket has the message from its ack (one tab, the usual case, costs no encoding). */
  function toOtherTabs(row: MessageRow, targets: string[], senderSocketId?: string): void {
    if (targets.length && mayReach(widget, targets, clustered, senderSocketId)) widget.to(targets).except(senderSocketId ?? []).emit('message.created', publicMessage(row));
  }

  ctx.bus.on('message.created', ({ messageId, conversationId, message, senderSocketId }) => {
    // The hot path carries the stored row in the event; other paths read it back once.
    if (message) return fanOutMessage(conversationId, message, senderSocketId);
    return afterPendingIo().then(() => ctx.db.message.findUnique({ where: { id: messageId }, include: messageInclude })).then((row) => (row ? fanOutMessage(conversationId, row, senderSocketId) : undefined));
  });

  ctx.bus.on('message.updated', async ({ messageId, conversationId }) => {
    const message = await ctx.conversations.staffMessage(messageId);
    if (message) staff.to(rooms.conversation(conversationId)).emit('message.updated', message);
  });

  ctx.bus.on('conversation.created', async ({ conversationId }) => {
    await afterPendingIo();
    staff.to(rooms.staff).emit('conversation.created', await ctx.conversations.summary(conversationId));
  });

  ctx.bus.on('conversation.updated', async ({ conversationId }) => {
    await afterPendingIo();
    const summary = await ctx.conversations.summary(conversationId);
    staff.to(rooms.staff).emit('conversation.updated', summary);
    const targets = await visitorRooms(conversationId);
    if (!targets.length) return;
    const assignee = summary.assigneeId ? await ctx.db.user.findUnique({ where: { id: summary.assigneeId }, select: { name: true } }) : null;
    widget.to(targets).emit('conversation.updated', { id: conversationId, status: summary.status, assigneeName: assignee?.name ?? null });
  });

  ctx.bus.on('typing.updated', async ({ conversationId, who, name, typing, userId }) => {
    if (who === 'customer') {
      staff.to(rooms.conversation(conversationId)).emit('typing.updated', { conversationId, name, typing, who });
      return;
    }
    const others = staff.to(rooms.conversation(conversationId)).except(userId ? rooms.user(userId) : []);
    others.emit('typing.updated', { conversationId, name, typing, who });
    const targets = await visitorRooms(conversationId);
    if (targets.length) widget.to(targets).emit('typing.updated', { conversationId, name, typing });
  });

  ctx.bus.on('user.access_changed', ({ userId }) => {
    // Their rooms were chosen by the old role; a deactivated user must not keep listening.
    staff.in(rooms.user(userId)).disconnectSockets(true);
  });

  ctx.bus.on('csat.requested', async ({ conversationId, token }) => {
    const targets = await visitorRooms(conversationId);
    if (targets.length) widget.to(targets).emit('csat.requested', { conversationId, token });
  });

  // Supervisors see the overview change within a second of any change that moves its numbers.
  const overview = createOverviewPusher(() => buildOverview(ctx.db), (o) => staff.to(rooms.supervisors).emit('overview.updated', o), { onError: (err) => ctx.log.warn({ err }, 'overview push failed') });
  for (const e of ['conversation.created', 'conversation.updated', 'presence.updated', 'sla.breached'] as const) ctx.bus.on(e, () => overview.notify());

  ctx.bus.on('sla.breached', ({ conversationId, timer, dueAt, teamId, assigneeId }) => {
    const to = assigneeId ? [rooms.supervisors, rooms.user(assigneeId)] : [rooms.supervisors];
    staff.to(to).emit('sla.breached', { conversationId, timer, dueAt, teamId });
  });

  ctx.bus.on('session.revoked', ({ tokenHash }) => {
    staff.in(rooms.session(tokenHash)).disconnectSockets(true);
  });

  ctx.bus.on('presence.updated', async ({ userId, presence }) => {
    staff.to(rooms.staff).emit('presence.updated', { userId, presence });
    widget.emit('agents.availability', { online: await ctx.presence.anyoneOnline() });
  });
  return () => {
    overview.stop();
    listUpdates.stop();
  };
}
