// The Slack Web API as this adapter uses it: one WebClient per bot token, small caches for the
// bot's own identity (loop guard) and users' profiles (customer names), and file downloads.
import { webApi } from '@slack/bolt';
import type { InboundAttachment } from '../types.js';
import type { SlackFile } from './events.js';
import type { SlackSettings } from './settings.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;
const PROFILE_TTL_MS = 10 * 60_000;

type Client = InstanceType<typeof webApi.WebClient>;
const clients = new Map<string, Client>();
const bots = new Map<string, Promise<BotIdentity>>();
const profiles = new Map<string, { at: number; profile: SlackProfile }>();

export interface BotIdentity { userId: string | undefined; botId: string | undefined }
export interface SlackProfile { name: string | undefined; email: string | undefined }

export function clientFor(s: Pick<SlackSettings, 'botToken' | 'apiUrl'>): Client {
  const key = `${s.apiUrl ?? ''}|${s.botToken}`;
  let c = clients.get(key);
  if (!c) {
    // Rate limits surface as errors (the outbox backs off) instead of blocking a send for minutes.
    c = new webApi.WebClient(s.botToken, { ...(s.apiUrl ? { slackApiUrl: s.apiUrl } : {}), rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 10_000 });
    clients.set(key, c);
  }
  return c;
}

/** Who we are in this workspace (auth.test), so our own posts never come back as customer messages. */
export function botIdentity(s: SlackSettings): Promise<BotIdentity> {
  const key = `${s.apiUrl ?? ''}|${s.botToken}`;
  let p = bots.get(key);
  if (!p) {
    p = clientFor(s).auth.test().then((r) => ({ userId: r.user_id, botId: r.bot_id }));
    // A failed lookup is retried on the next event rather than cached.
    p.catch(() => bots.delete(key));
    bots.set(key, p);
  }
  return p;
}

/** real_name and (with users:read.email) the email of a Slack user; cached for a few minutes. */
export async function userProfile(s: SlackSettings, userId: string): Promise<SlackProfile> {
  // Per API endpoint too: two inboxes (or test runs) may share a team id but not a Slack.
  const key = `${s.apiUrl ?? ''}|${s.teamId}:${userId}`;
  const hit = profiles.get(key);
  if (hit && Date.now() - hit.at < PROFILE_TTL_MS) return hit.profile;
  const r = await clientFor(s).users.info({ user: userId });
  const u = r.user;
  const profile = { name: u?.real_name || u?.profile?.real_name || u?.profile?.display_name || u?.name || undefined, email: u?.profile?.email || undefined };
  if (profiles.size > 5000) profiles.clear();
  profiles.set(key, { at: Date.now(), profile });
  return profile;
}

/** The bot token goes only to Slack's own hosts (or the configured API stand-in's origin). */
export function tokenAllowed(s: SlackSettings, url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (s.apiUrl && u.origin === new URL(s.apiUrl).origin) return true;
  return u.protocol === 'https:' && (u.hostname === 'slack.com' || u.hostname.endsWith('.slack.com'));
}

export interface Downloaded { files: InboundAttachment[]; skipped: string[] }

/** Downloads shared files with the bot token; oversized, surplus or unreachable ones are named in `skipped`. */
export async function downloadFiles(s: SlackSettings, files: SlackFile[]): Promise<Downloaded> {
  const out: Downloaded = { files: [], skipped: [] };
  for (const [i, f] of files.entries()) {
    const name = f.name || f.title || `file-${f.id}`;
    const url = f.url_private_download ?? f.url_private;
    if (i >= MAX_FILES || !url || f.mode === 'tombstone' || (f.size ?? 0) > MAX_FILE_BYTES || !tokenAllowed(s, url)) {
      out.skipped.push(name);
      continue;
    }
    const data = await fetchLimited(url, s.botToken).catch(() => null);
    if (!data) out.skipped.push(name);
    else out.files.push({ filename: name, contentType: f.mimetype || 'application/octet-stream', data });
  }
  return out;
}

async function fetchLimited(url: string, token: string): Promise<Buffer | null> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'follow', signal: AbortSignal.timeout(20_000) });
  if (!res.ok || !res.body) return null;
  // Slack answers an unauthorized download with an HTML login page, not the file.
  if ((res.headers.get('content-type') ?? '').startsWith('text/html')) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_FILE_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** For tests: forget cached clients, bot identities and profiles. */
export function resetSlackCaches(): void {
  clients.clear();
  bots.clear();
  profiles.clear();
}
