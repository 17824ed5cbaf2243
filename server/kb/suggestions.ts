// Each inbound customer message refreshes the top 3 knowledge-base suggestions for its agents.
import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import { rooms } from '../realtime/rooms.js';

export function listenForSuggestions(io: Server, ctx: AppContext): void {
  ctx.bus.on('message.created', async ({ messageId, conversationId, message }) => {
    const m = message ?? (await ctx.db.message.findUnique({ where: { id: messageId }, select: { direction: true, body: true } }));
    if (!m || m.direction !== 'in') return;
    // Only agents watching the conversation see suggestions: skip the search when nobody is.
    if (!io.of('/agent').adapter.rooms.get(rooms.conversation(conversationId))?.size) return;
    const { language: lang } = await ctx.conversations.cachedSummary(conversationId);
    const language = lang === 'zh' || lang === 'en' ? lang : undefined;
    const hits = await ctx.kb.search(m.body.slice(0, 200), 3, language);
    io.of('/agent').to(rooms.conversation(conversationId)).emit('suggestions.updated', { conversationId, suggestions: hits.map((h) => ({ id: h.id, title: h.title, snippet: h.snippet })) });
  });
}
