// Each inbound customer message refreshes the top 3 knowledge-base suggestions for its agents.
import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import type { KbSuggestion } from '../realtime/contract.js';
import { rooms } from '../realtime/rooms.js';

/** Top 3 published articles for a customer's words, in the conversation's language. */
export async function suggestFor(ctx: AppContext, conversationId: string, text: string): Promise<KbSuggestion[]> {
  const { language: lang } = await ctx.conversations.cachedSummary(conversationId);
  const language = lang === 'zh' || lang === 'en' ? lang : undefined;
  const hits = await ctx.kb.search(text.slice(0, 200), 3, language);
  return hits.map((h) => ({ id: h.id, title: h.title, snippet: h.snippet }));
}

export function listenForSuggestions(io: Server, ctx: AppContext): void {
  ctx.bus.on('message.created', async ({ messageId, conversationId, message }) => {
    const m = message ?? (await ctx.db.message.findUnique({ where: { id: messageId }, select: { direction: true, body: true } }));
    if (!m || m.direction !== 'in') return;
    // Only agents watching the conversation see suggestions: skip the search when nobody is.
    if (!io.of('/agent').adapter.rooms.get(rooms.conversation(conversationId))?.size) return;
    io.of('/agent').to(rooms.conversation(conversationId)).emit('suggestions.updated', { conversationId, suggestions: await suggestFor(ctx, conversationId, m.body) });
  });
}
