// Saved replies (/api/canned-responses): the shapes the server returns and the calls the console makes.
import { request } from './api.js';
import type { CannedView, Filled } from '../../server/canned/service.js';
import type { CannedScope } from '../../server/canned/scopes.js';
export { SCOPES as CANNED_SCOPES } from '../../server/canned/scopes.js';
export { placeholdersIn } from '../../server/canned/variables.js';
export { CANNED_VARIABLES } from '../../server/canned/variables.js';

/** Dates arrive as ISO strings over JSON. */
export type CannedResponse = Omit<CannedView, 'lastUsedAt' | 'updatedAt'> & { lastUsedAt: string | null; updatedAt: string };
export type FilledReply = Filled;
export type { CannedScope };

export interface CannedInput {
  shortcut: string; title: string; body: string; language: 'en' | 'zh' | null; requestType: string | null; scope?: CannedScope; teamId?: string;
}

const enc = encodeURIComponent;

export const cannedApi = {
  list: (q = '') => request<{ items: CannedResponse[] }>(`/api/canned-responses${q ? `?q=${enc(q)}` : ''}`).then((r) => r.items),
  suggestions: (conversationId: string) => request<{ items: FilledReply[] }>(`/api/canned-responses/suggestions?conversationId=${enc(conversationId)}`).then((r) => r.items),
  preview: (id: string, conversationId: string) => request<FilledReply>(`/api/canned-responses/${enc(id)}/preview?conversationId=${enc(conversationId)}`),
  use: (id: string, conversationId: string) => request<FilledReply>(`/api/canned-responses/${enc(id)}/use`, { method: 'POST', body: { conversationId } }),
  create: (input: CannedInput) => request<CannedResponse>('/api/canned-responses', { method: 'POST', body: input }),
  update: (id: string, input: Partial<CannedInput>) => request<CannedResponse>(`/api/canned-responses/${enc(id)}`, { method: 'PATCH', body: input }),
  remove: (id: string) => request<void>(`/api/canned-responses/${enc(id)}`, { method: 'DELETE' }),
};
