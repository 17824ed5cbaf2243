// Conversation search: GET /api/conversations?q= with the list's filters and a cursor.
import { request } from './api.js';
import type { ConversationSummary, ListFilters } from './types.js';

export interface SearchMatch { messageId: number | null; private: boolean; snippet: string }
export type SearchResult = ConversationSummary & { match: SearchMatch };
export interface SearchPage { conversations: SearchResult[]; nextCursor: string | null }

export function searchConversations(q: string, f: ListFilters, cursor?: string | null, limit = 20): Promise<SearchPage> {
  const params = new URLSearchParams({ q, filter: f.scope, status: f.status, limit: String(limit) });
  if (f.teamId) params.set('teamId', f.teamId);
  if (f.channel) params.set('channel', f.channel);
  if (cursor) params.set('cursor', cursor);
  return request<SearchPage>(`/api/conversations?${params}`);
}
