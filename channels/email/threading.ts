// Decides which conversation an inbound mail belongs to. Order: reply headers, then our
// plus-address reply token, then subject + sender within 7 days; otherwise a new thread.
import type { ChannelHost } from '../types.js';
import type { ParsedMail } from './parse.js';
import type { EmailStore } from './store.js';

export const SUBJECT_WINDOW_MS = 7 * 24 * 3600 * 1000;
// Reply prefixes as mail clients write them: English, German, Nordic, Dutch, Polish (Odp), Portuguese
// (RES), Italian (R), Finnish (VS), Turkish (Ynt), Greek (ΑΠ, ΣΧΕΤ), Russian (Отв), Chinese, Japanese.
const REPLY_WORDS = 're|aw|sv|antw|odp|res|r|vs|ynt|απ|σχετ|отв|ответ|回复|回覆|答复|答覆|返信';
const FORWARD_WORDS = 'fwd?|wg|tr|rv|pd|doorst|vb|enc|i|πρθ|пересл|转发|轉寄|转寄|轉發|転送';
const counter = '(\\[\\d+\\]|\\(\\d+\\)|\\^\\d+)?';
const REPLY_PREFIX = new RegExp(`^\\s*((${REPLY_WORDS})\\s*${counter}\\s*[:：]\\s*)+`, 'i');
const FORWARD_PREFIX = new RegExp(`^\\s*((${FORWARD_WORDS})\\s*${counter}\\s*[:：]\\s*)+`, 'i');
// Tags that mail gateways put in front of a subject ("[EXTERNAL]", "*EXTERNAL*"): not part of the topic.
const GATEWAY_TAG = /^\s*(\[(external|ext|extern|externe|external email|external sender|caution|warning|spam|suspected spam|possible spam|外部|外部邮件|外部郵件|外部メール)\]|\*(external|ext)\*|(external|外部邮件)\s*[:：])\s*/i;

export const isForward = (subject: string) => FORWARD_PREFIX.test(stripTags(subject));

/** Applies `step` until the subject stops changing: prefixes come in any mix and depth. */
function untilStable(s: string, step: (s: string) => string): string {
  for (let prev = ''; prev !== s;) { prev = s; s = step(s); }
  return s;
}

const stripTags = (subject: string) => untilStable(subject, (s) => s.replace(GATEWAY_TAG, ''));

/** The subject without leading reply prefixes and gateway tags, case kept. */
export function withoutReplyPrefixes(subject: string): string {
  return untilStable(subject.trim(), (s) => stripTags(s).replace(REPLY_PREFIX, '').trim());
}

/** Subject without reply/forward prefixes and tags, for matching. */
export function baseSubject(subject: string): string {
  return untilStable(subject.trim(), (s) => withoutReplyPrefixes(s).replace(FORWARD_PREFIX, '').trim()).toLowerCase();
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

/** `newKey`: the thread key of a new conversation (the mail's stored id, unique even when its Message-ID is not). */
export async function resolveThread(host: ChannelHost, store: EmailStore, inboxId: string, mail: ParsedMail, ourAddress: string, newKey = mail.messageId): Promise<ThreadDecision> {
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
  return { threadKey: newKey, via: 'new' };
}
