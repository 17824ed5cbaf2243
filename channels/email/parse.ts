// Raw RFC 5322 bytes -> the parts the channel needs, via postal-mime. Never throws: a message
// postal-mime cannot read still arrives, as best-effort text, so no customer mail is lost.
import { createHash } from 'node:crypto';
import PostalMime, { type Address, type Email } from 'postal-mime';
import { readBounce, type Bounce } from './dsn.js';
import { htmlToText, sanitizeHtml } from './html.js';
import { exactTextAttachments } from './mime-parts.js';

export interface ParsedAttachment { filename: string; contentType: string; data: Buffer }

export interface ParsedMail {
  messageId: string;
  /** Sender and body bytes hashed: tells a different mail under a reused Message-ID from a redelivery. */
  fingerprint: string;
  inReplyTo: string[];
  references: string[];
  from: { address: string; name: string } | null;
  /** Every recipient address (To, Cc, Delivered-To), lowercased: for plus-address tokens. */
  recipients: string[];
  subject: string;
  /** Plain text: the text part, or text converted from the HTML part. */
  text: string;
  /** Sanitized HTML when the mail had an HTML part. */
  html: string | null;
  attachments: ParsedAttachment[];
  /** Files left out for size: "name (12.3 MB)". */
  skipped: string[];
  headers: Map<string, string>;
  contentType: string;
  malformed: boolean;
  /** What a bounce says about the mail it returns (null when this is no bounce). */
  bounce: Bounce | null;
}

/** Message-IDs as "<id>" strings, in order, from a header value. */
export function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const found = value.match(/<[^<>\s]+>/g);
  if (found) return found;
  // Some clients drop the brackets; accept one bare id that looks like local@domain.
  const bare = value.trim();
  return /^[^\s<>@]+@[^\s<>@]+$/.test(bare) ? [`<${bare}>`] : [];
}

function mailboxes(list: Address[] | Address | undefined): { address: string; name: string }[] {
  const items = Array.isArray(list) ? list : list ? [list] : [];
  return items.flatMap((a) => (a.group ? a.group : [a])).filter((m) => !!m.address).map((m) => ({ address: m.address.trim().toLowerCase(), name: m.name?.trim() ?? '' }));
}

const REPORT_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status', 'text/rfc822-headers', 'message/global-headers', 'message/disposition-notification', 'message/feedback-report']);
function isReportPart(mimeType: string, filename: string | null): boolean {
  return REPORT_PARTS.has(mimeType.toLowerCase()) && !filename;
}

function syntheticId(raw: Buffer): string {
  // Redelivery of the same bytes must dedupe even without a Message-ID header.
  return `<${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@no-message-id.invalid>`;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The body: everything after the header block, which relays change (Received, DKIM) while the body stays. */
function bodyOf(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return raw.subarray(crlf + 4);
  return lf >= 0 ? raw.subarray(lf + 2) : Buffer.alloc(0);
}

export function fingerprintOf(raw: Buffer, sender: string): string {
  return createHash('sha256').update(sender.toLowerCase()).update('\0').update(bodyOf(raw)).digest('hex');
}

/** `ourDomain`: the domain of our own Message-IDs, which a plain-text bounce quotes. */
export async function parseMail(raw: Buffer, maxAttachmentBytes: number, ourDomain = 'invalid'): Promise<ParsedMail> {
  let email: Email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  } catch {
    return fallback(raw);
  }
  const headers = new Map<string, string>();
  for (const h of email.headers) if (!headers.has(h.key)) headers.set(h.key, h.value);
  const html = email.html ? sanitizeHtml(email.html) : null;
  const text = (email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : '').replace(/\r\n?/g, '\n').trim();
  let attachments: ParsedAttachment[] = [];
  const skipped: string[] = [];
  // Report parts (delivery-status, returned headers) are read by the bounce reader, not kept as files.
  for (const a of email.attachments.filter((x) => !isReportPart(x.mimeType, x.filename))) {
    const data = Buffer.from(a.content instanceof ArrayBuffer ? new Uint8Array(a.content) : typeof a.content === 'string' ? Buffer.from(a.content, 'base64') : a.content);
    const filename = a.filename || (a.mimeType === 'message/rfc822' ? 'message.eml' : 'attachment');
    if (data.length > maxAttachmentBytes) skipped.push(`${filename} (${mb(data.length)})`);
    else attachments.push({ filename, contentType: a.mimeType, data });
  }
  attachments = exactTextAttachments(raw, attachments);
  const from = mailboxes(email.from)[0] ?? null;
  const recipients = [...mailboxes(email.to), ...mailboxes(email.cc)].map((m) => m.address);
  if (email.deliveredTo) recipients.push(email.deliveredTo.trim().toLowerCase());
  const contentType = headers.get('content-type') ?? 'text/plain';
  const maybeBounce = /^multipart\/report/i.test(contentType) || headers.has('x-failed-recipients') || /^(mailer-daemon|postmaster)@/i.test(from?.address ?? '') || !from;
  return {
    messageId: messageIds(email.messageId)[0] ?? syntheticId(raw),
    fingerprint: fingerprintOf(raw, from?.address ?? ''),
    inReplyTo: messageIds(email.inReplyTo),
    references: messageIds(email.references),
    from, recipients,
    subject: (email.subject ?? '').replace(/\s+/g, ' ').trim(),
    text, html, attachments, skipped, headers, contentType,
    malformed: false,
    bounce: maybeBounce ? readBounce(email, headers, ourDomain) : null,
  };
}

/** Last resort: split headers from body by hand and read the body as UTF-8 (latin1 if invalid). */
function fallback(raw: Buffer): ParsedMail {
  const str = raw.toString('latin1');
  const split = str.search(/\r?\n\r?\n/);
  const head = split >= 0 ? str.slice(0, split) : str;
  const bodyBytes = split >= 0 ? raw.subarray(Buffer.byteLength(str.slice(0, split), 'latin1')) : Buffer.alloc(0);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([^:\s]+):\s*(.*)$/.exec(line);
    if (m && !headers.has(m[1]!.toLowerCase())) headers.set(m[1]!.toLowerCase(), m[2]!);
  }
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(bodyBytes); } catch { text = bodyBytes.toString('latin1'); }
  const fromMatch = /([^\s<>"]+@[^\s<>"]+)/.exec(headers.get('from') ?? '');
  const from = fromMatch ? { address: fromMatch[1]!.toLowerCase(), name: '' } : null;
  return {
    messageId: messageIds(headers.get('message-id'))[0] ?? syntheticId(raw),
    fingerprint: fingerprintOf(raw, from?.address ?? ''),
    inReplyTo: messageIds(headers.get('in-reply-to')), references: messageIds(headers.get('references')),
    from,
    recipients: [], subject: headers.get('subject') ?? '', text: text.trim(), html: null, attachments: [], skipped: [], headers,
    contentType: headers.get('content-type') ?? 'text/plain', malformed: true, bounce: null,
  };
}
