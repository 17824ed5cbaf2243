// The REST client: same-origin fetch with the session cookie, JSON in and out, typed endpoints.
// Any 401 outside the login call signs the console out (see setUnauthorizedHandler).
import type {
  ConversationDetail, ConversationStatus, ConversationSummary, CustomerDetail, Inbox, KbArticle, KbArticleInput, KbArticleSummary,
  KbHistory, KbHit, KbStats, KbStatus, ListFilters, Overview, Role, StaffMessage, Team, User,
} from './types.js';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;

/** Called on any 401 from the API (an expired or revoked session). */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

/** `raw` sends a file as-is with its own content type (e.g. a CSV upload) instead of a JSON body. */
export async function request<T>(path: string, init: { method?: string; body?: unknown; raw?: { contentType: string; data: Blob | string } } = {}): Promise<T> {
  // The server refuses cookie-authenticated changes without it (CSRF): a cross-site page cannot add it.
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Requested-With': 'switchboard' };
  if (init.raw) headers['Content-Type'] = init.raw.contentType;
  else if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body: init.raw ? init.raw.data : init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  if (res.status === 204) return undefined as T;
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data ?? {}) as { code?: string; message?: string; field?: string };
    if (res.status === 401 && path !== '/api/auth/login') onUnauthorized();
    throw new ApiError(res.status, e.code ?? 'HTTP_' + res.status, e.message ?? res.statusText, e.field);
  }
  return data as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export const api = {
  login: (email: string, password: string) => request<{ user: User }>('/api/auth/login', { method: 'POST', body: { email, password } }),
  logout: () => request<void>('/api/auth/logout', { method: 'POST' }),
  me: () => request<{ user: User }>('/api/auth/me'),

  /** One page; `cursor` is the previous page's nextCursor (null: no more pages). */
  conversations: (f: ListFilters, cursor?: string, limit = 50) =>
    request<{ conversations: ConversationSummary[]; nextCursor: string | null }>(
      '/api/conversations' + query({ filter: f.scope, teamId: f.teamId, status: f.status, channel: f.channel, limit, cursor }),
    ),
  conversation: (id: string) => request<ConversationDetail>(`/api/conversations/${enc(id)}`),
  /** Messages older than message `before`, oldest first. */
  olderMessages: (id: string, before: number, limit = 50) =>
    request<{ messages: StaffMessage[]; hasOlder: boolean }>(`/api/conversations/${enc(id)}/messages${query({ before, limit })}`),
  messagesAfter: (id: string, after: number) => request<{ messages: StaffMessage[] }>(`/api/conversations/${enc(id)}/messages${query({ after })}`),
  send: (id: string, body: string, isPrivate: boolean, clientMessageId: string, attachmentIds: string[] = []) =>
    request<StaffMessage>(`/api/conversations/${enc(id)}/messages`, { method: 'POST', body: { body, private: isPrivate, clientMessageId, ...(attachmentIds.length ? { attachmentIds } : {}) } }),
  assign: (id: string, target: { assigneeId?: string | null; teamId?: string | null }) =>
    request<ConversationSummary>(`/api/conversations/${enc(id)}/assign`, { method: 'POST', body: target }),
  setStatus: (id: string, status: ConversationStatus) => request<ConversationSummary>(`/api/conversations/${enc(id)}/status`, { method: 'POST', body: { status } }),

  customer: (id: string) => request<CustomerDetail>(`/api/customers/${enc(id)}`),

  users: () => request<{ users: User[] }>('/api/users'),
  createUser: (input: { email: string; name: string; password: string; role: Role; teamIds: string[]; locale: string }) =>
    request<User>('/api/users', { method: 'POST', body: input }),
  updateUser: (id: string, patch: { active?: boolean; role?: Role; teamIds?: string[] }) => request<User>(`/api/users/${enc(id)}`, { method: 'PATCH', body: patch }),
  teams: () => request<{ teams: Team[] }>('/api/teams'),
  createTeam: (key: string, name: string) => request<Team>('/api/teams', { method: 'POST', body: { key, name } }),
  inboxes: () => request<{ inboxes: Inbox[] }>('/api/inboxes'),

  kbSearch: (q: string, limit = 5) => request<{ hits: KbHit[] }>('/api/kb/search' + query({ q, limit })),
  kbArticle: (id: string) => request<KbArticle>(`/api/kb/articles/${enc(id)}`),
  kbList: (f: { status?: KbStatus | ''; language?: string; q?: string }) =>
    request<{ articles: KbArticleSummary[]; total: number }>('/api/kb/articles' + query({ status: f.status, language: f.language, q: f.q, limit: 100 })),
  kbCreate: (input: KbArticleInput) => request<KbArticle>('/api/kb/articles', { method: 'POST', body: input }),
  kbUpdate: (id: string, patch: Partial<KbArticleInput>) => request<KbArticle>(`/api/kb/articles/${enc(id)}`, { method: 'PATCH', body: patch }),
  kbHistory: (id: string) => request<KbHistory>(`/api/kb/articles/${enc(id)}/versions`),
  kbPreview: (body: string) => request<{ html: string }>('/api/kb/preview', { method: 'POST', body: { body } }),
  kbSettings: () => request<{ requireReview: boolean }>('/api/kb/settings'),
  kbSetSettings: (requireReview: boolean) => request<{ requireReview: boolean }>('/api/kb/settings', { method: 'PUT', body: { requireReview } }),
  kbStats: () => request<KbStats>('/api/kb/stats'),
  kbUsed: (id: string, conversationId: string, helped?: boolean) =>
    request<{ usage: number }>(`/api/kb/articles/${enc(id)}/used`, { method: 'POST', body: helped === undefined ? { conversationId } : { conversationId, helped } }),

  overview: () => request<Overview>('/api/supervisor/overview'),
};
