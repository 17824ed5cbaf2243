// Pure helpers (no DOM): merging live data into lists, filter matching, time formatting.
import type { ConversationSummary, ListFilters, StaffMessage } from './types.js';

/** Merges messages by id (the later copy wins, e.g. a delivery update) and keeps them in id order. */
export function mergeMessages(current: StaffMessage[], incoming: StaffMessage[]): StaffMessage[] {
  if (!incoming.length) return current;
  const byId = new Map<number, StaffMessage>();
  for (const m of current) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** Whether a conversation belongs in the list the agent is looking at. */
export function matchesFilters(c: ConversationSummary, f: ListFilters, meId: string): boolean {
  if (f.scope === 'mine' && c.assigneeId !== meId) return false;
  if (f.scope === 'unassigned' && c.assigneeId !== null) return false;
  if (f.teamId && c.teamId !== f.teamId) return false;
  if (f.status !== 'all' && c.status !== f.status) return false;
  if (f.channel && c.channel !== f.channel) return false;
  return true;
}

const byRecent = (a: ConversationSummary, b: ConversationSummary) => b.lastMessageAt.localeCompare(a.lastMessageAt) || b.id.localeCompare(a.id);

/** Applies a created/updated conversation to a list: replace, insert, or drop when it no longer matches. */
export function applyConversation(list: ConversationSummary[], c: ConversationSummary, f: ListFilters, meId: string): ConversationSummary[] {
  const rest = list.filter((x) => x.id !== c.id);
  if (!matchesFilters(c, f, meId)) return rest.length === list.length ? list : rest;
  return [...rest, c].sort(byRecent);
}

/** Appends an older page, skipping ids already shown. */
export function appendPage(list: ConversationSummary[], page: ConversationSummary[]): ConversationSummary[] {
  const seen = new Set(list.map((c) => c.id));
  return [...list, ...page.filter((c) => !seen.has(c.id))].sort(byRecent);
}

/** Since when the customer has been waiting for us, or null when they are not. */
export function waitingSince(c: ConversationSummary): string | null {
  if (c.status === 'resolved') return null;
  if (c.lastMessage && c.lastMessage.authorKind === 'customer') return c.lastMessage.createdAt;
  if (c.assigneeId === null && c.queuedAt) return c.queuedAt;
  return null;
}

/** 42s, 5m, 2h 05m, 3d 4h. */
export function formatDuration(totalSec: number): string {
  const s = Math.max(0, Math.floor(totalSec));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  const d = Math.floor(h / 24);
  return `${d}d ${h % 24}h`;
}

export function secondsSince(iso: string, now: number): number {
  return Math.max(0, (now - Date.parse(iso)) / 1000);
}

/** Time of day for today, a short date otherwise. */
export function formatTime(iso: string, lang: string, now = Date.now()): string {
  const d = new Date(iso);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay
    ? d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function initials(name: string | null | undefined): string {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return '?';
  const first = [...parts[0]!][0] ?? '';
  const last = parts.length > 1 ? ([...parts[parts.length - 1]!][0] ?? '') : '';
  return (first + last).toUpperCase();
}

export function newClientId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}
