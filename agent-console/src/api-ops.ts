// Typed endpoints for reports, supervision, routing admin, inbox channels and Customer 360.
import { ApiError, request } from './api.js';
import type { ConversationSummary, CustomerDetail } from './types.js';
import type {
  AgentRouting, AgentsReport, Customer360, CustomerHit, CsatReport, DuplicateSuggestion, InboxFull, InboxStatus, Overview, ReportFilter, ReportName,
  ResponseTimesReport, SlaPolicy, SlaReport, TeamRouting, VolumeReport,
} from './types-ops.js';
import type { Channel, RequestType } from './types.js';

const enc = encodeURIComponent;

export function reportQuery(f: ReportFilter, format?: 'csv'): string {
  const q = new URLSearchParams();
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (f.teamId) q.set('teamId', f.teamId);
  q.set('interval', f.interval);
  if (format) q.set('format', format);
  return `?${q.toString()}`;
}

/** Fetches a CSV export with the session cookie and saves it through a temporary blob URL. */
export async function downloadCsv(name: ReportName, f: ReportFilter): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/reports/${name}${reportQuery(f, 'csv')}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  if (!res.ok) {
    const e = (await res.json().catch(() => ({}))) as { code?: string; message?: string; field?: string };
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.field);
  }
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const file = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${name}.csv`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type CustomerFull = CustomerDetail & Customer360;

export const opsApi = {
  volume: (f: ReportFilter) => request<VolumeReport>('/api/reports/volume' + reportQuery(f)),
  responseTimes: (f: ReportFilter) => request<ResponseTimesReport>('/api/reports/response-times' + reportQuery(f)),
  sla: (f: ReportFilter) => request<SlaReport>('/api/reports/sla' + reportQuery(f)),
  csat: (f: ReportFilter) => request<CsatReport>('/api/reports/csat' + reportQuery(f)),
  agents: (f: ReportFilter) => request<AgentsReport>('/api/reports/agents' + reportQuery(f)),

  overview: () => request<Overview>('/api/supervisor/overview'),
  unassigned: () => request<{ conversations: ConversationSummary[] }>('/api/conversations?filter=unassigned&status=open&limit=100'),
  assign: (id: string, assigneeId: string) => request<ConversationSummary>(`/api/conversations/${enc(id)}/assign`, { method: 'POST', body: { assigneeId } }),
  setType: (id: string, type: RequestType) => request<ConversationSummary>(`/api/conversations/${enc(id)}/type`, { method: 'POST', body: { type } }),
  connectCall: (id: string, number: string) => request<unknown>(`/api/conversations/${enc(id)}/call/connect`, { method: 'POST', body: { target: { number } } }),

  inboxes: () => request<{ inboxes: InboxFull[] }>('/api/inboxes'),
  inboxStatus: (id: string) => request<InboxStatus>(`/api/inboxes/${enc(id)}/status`),
  createInbox: (input: { channel: Channel; name: string; language: string; settings: Record<string, unknown> }) =>
    request<InboxFull & { identitySecret?: string }>('/api/inboxes', { method: 'POST', body: input }),
  updateInbox: (id: string, patch: { name?: string; language?: string; enabled?: boolean; settings?: Record<string, unknown> }) =>
    request<InboxFull>(`/api/inboxes/${enc(id)}`, { method: 'PATCH', body: patch }),
  rotateSecret: (id: string) => request<{ identitySecret: string }>(`/api/inboxes/${enc(id)}/identity-secret`, { method: 'POST' }),

  teamRouting: () => request<{ teams: TeamRouting[] }>('/api/routing/admin/teams'),
  saveTeamRouting: (id: string, body: Partial<Omit<TeamRouting, 'id' | 'key' | 'name'>>) =>
    request<TeamRouting>(`/api/routing/admin/teams/${enc(id)}`, { method: 'PUT', body }),
  agentRouting: () => request<{ agents: AgentRouting[] }>('/api/routing/admin/agents'),
  saveAgentRouting: (id: string, body: { capacity?: Partial<Record<Channel, number>>; skills?: string[] }) =>
    request<AgentRouting>(`/api/routing/admin/agents/${enc(id)}`, { method: 'PATCH', body }),
  slaPolicies: () => request<{ policies: SlaPolicy[] }>('/api/routing/admin/sla'),
  saveSla: (p: SlaPolicy) =>
    request<SlaPolicy>(`/api/routing/admin/sla/${p.priority}`, { method: 'PUT', body: { firstResponseSec: p.firstResponseSec, nextResponseSec: p.nextResponseSec, resolutionSec: p.resolutionSec } }),
  triage: () => request<{ threshold: number }>('/api/routing/admin/triage'),
  saveTriage: (threshold: number) => request<{ threshold: number }>('/api/routing/admin/triage', { method: 'PUT', body: { threshold } }),

  searchCustomers: (q: string, limit = 20) =>
    request<{ customers: CustomerHit[] }>(`/api/customers?${new URLSearchParams({ q, limit: String(limit) }).toString()}`),
  customer: (id: string) => request<CustomerFull>(`/api/customers/${enc(id)}`),
  patchCustomer: (id: string, patch: { tags?: string[]; notes?: string | null }) => request<unknown>(`/api/customers/${enc(id)}`, { method: 'PATCH', body: patch }),
  duplicates: (id: string) => request<{ duplicates: DuplicateSuggestion[] }>(`/api/customers/${enc(id)}/duplicates`),
  merge: (targetId: string, sourceId: string) => request<{ auditId: string }>(`/api/customers/${enc(targetId)}/merge`, { method: 'POST', body: { sourceId } }),
  undoMerge: (auditId: string) => request<unknown>(`/api/customers/merges/${enc(auditId)}/undo`, { method: 'POST' }),
};

/** The server's message for a failed call; validation errors name their field ("settings.imap.host: ..."). */
export function errorMessage(err: unknown, fallback: string): string {
  return err instanceof ApiError && err.status !== 0 ? err.message : fallback;
}
