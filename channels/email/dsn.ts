// Bounces of our own replies: a delivery status notification (RFC 3464 multipart/report) or an
// older plain-text bounce names the mail it returns; we find our Message-IDs in it and the reason,
// so the agent sees the reply failed and why.
import type { Attachment, Email } from 'postal-mime';

export interface Bounce {
  /** Message-IDs of the returned mail (ours among them when it was our reply). */
  messageIds: string[];
  /** Failed recipients, from the report or X-Failed-Recipients. */
  recipients: string[];
  /** What the agent reads: status code and the remote server's words. */
  reason: string;
  /** False for "delayed" reports: the mail may still arrive, nothing failed yet. */
  failed: boolean;
}

const text = (a: Attachment) => (typeof a.content === 'string' ? a.content : Buffer.from(a.content as ArrayBuffer).toString('utf8'));

/** Per-recipient field groups of a message/delivery-status body (blank-line separated). */
function statusGroups(body: string): Map<string, string>[] {
  return body.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ').split(/\n\s*\n/).map((block) => {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line.trim());
      if (m) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
    }
    return fields;
  });
}

const addressOf = (v: string) => v.replace(/^[^;]*;\s*/, '').replace(/[<>]/g, '').trim().toLowerCase();

/** The returned mail's Message-IDs: its headers part, its attached copy, or ids in the bounce's own text. */
function returnedIds(email: Email, ourDomain: string): string[] {
  const ids: string[] = [];
  for (const a of email.attachments) {
    if (a.mimeType === 'text/rfc822-headers' || a.mimeType === 'message/rfc822' || a.mimeType === 'message/global' || a.mimeType === 'message/global-headers') {
      const m = /^Message-ID:\s*(<[^<>\s]+>)/im.exec(text(a));
      if (m) ids.push(m[1]!);
    }
  }
  // Plain bounces quote the original in their text; only ids on our own domain can be ours.
  const body = `${email.text ?? ''}\n${email.html ?? ''}`;
  const ours = new RegExp(`<[^<>\\s"]+@${ourDomain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}>`, 'gi');
  for (const m of body.matchAll(ours)) ids.push(m[0]);
  for (const h of [email.inReplyTo, email.references]) for (const m of (h ?? '').matchAll(/<[^<>\s]+>/g)) ids.push(m[0]);
  return [...new Set(ids)];
}

/** The first lines of a plain bounce that explain it (skipping greetings and blank lines). */
function plainReason(email: Email): string {
  const lines = (email.text ?? '').replace(/\r/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const telling = lines.find((l) => /\b[45]\d\d\b|[45]\.\d{1,3}\.\d{1,3}|unknown|does not exist|rejected|full|denied|not found|undeliverable/i.test(l));
  return (telling ?? lines[0] ?? 'the mail was returned').slice(0, 300);
}

/** Reads a bounce; null when the mail does not name a failed or delayed delivery. */
export function readBounce(email: Email, headers: Map<string, string>, ourDomain: string): Bounce | null {
  const report = email.attachments.find((a) => a.mimeType === 'message/delivery-status' || a.mimeType === 'message/global-delivery-status');
  const messageIds = returnedIds(email, ourDomain);
  const xFailed = (headers.get('x-failed-recipients') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (report) {
    const groups = statusGroups(text(report)).filter((g) => g.has('action'));
    const bad = groups.filter((g) => /^(failed|delayed)$/i.test(g.get('action') ?? ''));
    if (!bad.length) return null;
    const failed = bad.some((g) => /^failed$/i.test(g.get('action')!));
    const recipients = bad.map((g) => addressOf(g.get('final-recipient') ?? g.get('original-recipient') ?? '')).filter(Boolean);
    const reason = bad.filter((g) => /^failed$/i.test(g.get('action')!) === failed)
      .map((g) => `${addressOf(g.get('final-recipient') ?? '') || 'recipient'}: ${[g.get('status'), g.get('diagnostic-code')?.replace(/^smtp;\s*/i, '')].filter(Boolean).join(' ')}`).join('; ');
    return { messageIds, recipients, reason: reason.slice(0, 480), failed };
  }
  if (!xFailed.length && !messageIds.length) return null;
  return { messageIds, recipients: xFailed, reason: `${xFailed.length ? `${xFailed.join(', ')}: ` : ''}${plainReason(email)}`.slice(0, 480), failed: true };
}
