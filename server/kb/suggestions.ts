// Each inbound customer message refreshes the top 3 knowledge-base suggestions for its agents.
import type { Server } from 'socket.io';
import { afterPendingIo } from '../after-io.js';
import type { AppContext } from '../context.js';
import type { KbSuggestion } from '../realtime/contract.js';
import { perKeyThrottle } from '../realtime/per-key-throttle.js';
import { mayReach, rooms } from '../realtime/rooms.js';
import { truncate } from '../text.js';

/** Top 3 published articles for a customer's words, in the conversation's language. */
export async function suggestFor(ctx: AppContext, conversationId: string, text: string): Promise<KbSuggestion[]> {
  const { language: lang } = await ctx.conversations.cachedSummary(conversationId);
  const language = lang === 'zh' || lang === 'en' ? lang : undefined;
  const hits = await ctx.kb.search(truncate(text, 200), 3, language);
  return hits.map((h) => ({ id: h.id, title: h.title, snippet: h.snippet }));
}

/** Suggestions for an agent opening the conversation: cached, else computed once for its latest customer message. */
export function suggestionsOnOpen(ctx: AppContext, conversationId: string): Promise<KbSuggestion[] | null> {
  return ctx.suggestions.get(conversationId, async () => {
    const last = await ctx.db.message.findFirst({ where: { conversationId, direction: 'in' }, orderBy: { id: 'desc' }, select: { body: true } });
    return last ? suggestFor(ctx, conversationId, last.body) : null;
  });
}

/** Returns a stop function (pending refreshes are dropped). */
export function listenForSuggestions(io: Server, ctx: AppContext): () => void {
  const agents = io.of('/agent');
  // A burst of messages refreshes at once and then once per window with the latest words: well
  // inside the 200 ms goal, without a search per message of a fast typist.
  const refresh = perKeyThrottle<string>(100, (conversationId, body) => {
    const version = ctx.suggestions.version(conversationId);
    suggestFor(ctx, conversationId, body).then(
      (suggestions) => {
        // Kept for agents who open the conversation later: one search per customer message, not per watcher.
        ctx.suggestions.put(conversationId, version, suggestions);
        agents.to(rooms.conversation(conversationId)).emit('suggestions.updated', { conversationId, suggestions });
      },
      (err: unknown) => ctx.log.warn({ err, conversationId }, 'suggestions failed'),
    );
  });
  const refreshFor = (conversationId: string, m: { direction: string; body: string } | null) => {
    if (m?.direction === 'in') refresh.call(conversationId, m.body);
  };
  ctx.bus.on('message.created', ({ messageId, conversationId, message }) => {
    // Anything but an agent's own message may change what to suggest (the full path carries no row).
    if (message?.direction !== 'out') ctx.suggestions.forget(conversationId);
    // Only agents watching the conversation see suggestions: skip the search when nobody is
    // (known only on one node; with REDIS_URL the watchers may be on another).
    if (!mayReach(agents, [rooms.conversation(conversationId)], Boolean(ctx.config.REDIS_URL))) return;
    // The hot path carries the row (no promise per message); other paths read it back.
    if (message) return refreshFor(conversationId, message);
    return afterPendingIo().then(() => ctx.db.message.findUnique({ where: { id: messageId }, select: { direction: true, body: true } })).then((m) => refreshFor(conversationId, m));
  });
  return () => refresh.stop();
}
