// Each inbound customer message refreshes the top 3 knowledge-base suggestions for its agents.
import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import { rooms } from '../realtime/rooms.js';

export function listenForSuggestions(io: Server, ctx: AppContext): void {
  ctx.bus.on('message.created', async ({ messageId, conversationId }) => {
    const m = await ctx.db.message.findUnique({ where: { id: messageId }, select: { direction: true, body: true, conversation: { select: { language: true } } } });
    if (!m || m.direction !== 'in') return;
    const language = m.conversation.language === 'zh' || m.conversation.language === 'en' ? m.conversation.language : undefined;
    const hits = await ctx.kb.search(m.body.slice(0, 200), 3, language);
    io.of('/agent').to(rooms.conversation(conversationId)).emit('suggestions.updated', { conversationId, suggestions: hits.map((h) => ({ id: h.id, title: h.title, snippet: h.snippet })) });
  });
}
