// Decides which conversation an inbound mail belongs to. Order: reply headers, then our
// plus-address reply token, then subject + sender within 7 days; otherwise a new thread.
import type { ChannelHost } from '../types.js';
import type { ParsedMail } from './parse.js';
import type { EmailStore } from './store.js';

export const SUBJECT_WINDOW_MS = 7 * 24 * 3600 * 1000;
const REPLY_PREFIX = /^\s*((re|aw|sv|antw|回复|回覆|答复|答覆)\s*(\[\d+\])?\s*[:：]\s*)+/i;
const FORWARD_PREFIX = /^\s*((fwd?|wg|tr|转发|轉寄|转寄)\s*(\[\d+\])?\s*[:：]\s*)+/i;

export const isForward = (subject: string) => FORWARD_PREFIX.test(subject);

/** Subject without reply/forward prefixes (any mix, any depth), for matching. */
export function baseSubject(subject: string): string {
  let s = subject.trim();
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(REPLY_PREFIX, '').replace(FORWARD_PREFIX, '').trim();
  }
  return s.toLowerCase();
}

/** The reply token in a "local+token@domain" recipient that is our address. */
export function replyToken(recipients: string[], ourAddress: string): string | null {
  const [local, domain] = ourAddress.toLowerCase().split('@');
  for (const r of recipients) {
    const m = /^([^@+]+)\+([a-z0-9]{8,64})@(.+)$/i.exec(r);
    if (m && m[1]!.toLowerCase() === local && m[3]!.toLowerCase() === domain) return m[2]!.toLowerCase();
  }
  return null;
}

export interface ThreadDecision { threadKey: string; via: 'headers' | 'token' | 'subject' | 'new' }

export async function resolveThread(host: ChannelHost, store: EmailStore, inboxId: string, mail: ParsedMail, ourAddress: string): Promise<ThreadDecision> {
  const sender = mail.from?.address ?? '';
  const forward = isForward(mail.subject);
  // A forward may carry the original's references; it joins only if its sender owns the thread.
  const acceptable = async (threadKey: string) => !forward || (await store.threadOwner(threadKey)) === sender;

  const ids = [...mail.inReplyTo, ...mail.references.slice().reverse()].filter((id) => id !== mail.messageId);
  if (ids.length) {
    const found = await host.findConversationByExternalIds(inboxId, [...new Set(ids)]);
    const key = found?.threadKey ?? null;
    if (key && (await acceptable(key))) return { threadKey: key, via: 'headers' };
  }
  const token = replyToken(mail.recipients, ourAddress);
  if (token) {
    const key = await store.threadForToken(token);
    if (key && (await acceptable(key))) return { threadKey: key, via: 'token' };
  }
  const base = baseSubject(mail.subject);
  if (base && sender && !forward) {
    const key = await store.threadForSubject(sender, base, SUBJECT_WINDOW_MS);
    if (key) return { threadKey: key, via: 'subject' };
  }
  return { threadKey: mail.messageId, via: 'new' };
}
