// One fetched mail -> noise check -> thread decision -> the shared ingest path.
import type { ChannelHost, InboundAttachment, InboundMessage } from '../types.js';
import { isNoise } from './noise.js';
import { parseMail, type ParsedMail } from './parse.js';
import { splitQuote } from './quote.js';
import type { EmailSettings } from './settings.js';
import type { EmailStore } from './store.js';
import { baseSubject, resolveThread } from './threading.js';

/** The channel's own maxBodyChars, well under what ingest keeps for a channel (200k); the rest is in original.eml. */
export const MAX_BODY_CHARS = 100_000;

export type InboundOutcome =
  | { kind: 'stored'; conversationId: string; created: boolean; via: string }
  | { kind: 'ignored'; reason: string };

/** The display text: new part only, notes for what was left out. Chosen: trim + keep the whole mail as original.eml. */
export function displayText(mail: ParsedMail): string {
  const { visible, quoteAt } = splitQuote(mail.text);
  const notes: string[] = [];
  if (quoteAt !== null) notes.push('[Quoted text hidden: the full message is in original.eml]');
  for (const s of mail.skipped) notes.push(`[Attachment not stored, over the size limit: ${s}]`);
  if (mail.malformed) notes.push('[This message could not be fully parsed: see original.eml]');
  let body = visible || (mail.attachments.length ? '(attachments only)' : '(empty message)');
  const tail = notes.length ? `\n\n${notes.join('\n')}` : '';
  if (body.length + tail.length > MAX_BODY_CHARS) body = `${body.slice(0, MAX_BODY_CHARS - tail.length - 60).trimEnd()}\n[... truncated: the full message is in original.eml]`;
  return body + tail;
}

function attachmentsFor(raw: Buffer, mail: ParsedMail, settings: EmailSettings): InboundAttachment[] {
  const out: InboundAttachment[] = [];
  // The source first: ingest keeps at most 20 files, and this one is the record of what arrived.
  if (raw.length <= settings.maxAttachmentBytes) out.push({ filename: 'original.eml', contentType: 'message/rfc822', data: raw });
  if (mail.html) out.push({ filename: 'message.html', contentType: 'text/html', data: Buffer.from(mail.html, 'utf8') });
  for (const a of mail.attachments) out.push({ filename: a.filename, contentType: a.contentType, data: a.data });
  return out;
}

/** Parsed mail plus what the watcher needs before storing it (noise check, subject index key). */
export interface PreparedMail { raw: Buffer; mail: ParsedMail; noise: string | null }

export async function prepareMail(raw: Buffer, settings: EmailSettings): Promise<PreparedMail> {
  const mail = await parseMail(raw, settings.maxAttachmentBytes);
  const noise = isNoise({ headers: mail.headers, from: mail.from?.address ?? null, contentType: mail.contentType }, settings.address);
  return { raw, mail, noise };
}

/** The state key the threading step will read for this mail (preloaded per batch). */
export function subjectKeyOf(store: EmailStore, p: PreparedMail): string | null {
  const base = baseSubject(p.mail.subject);
  return !p.noise && base && p.mail.from ? store.subjectKey(p.mail.from.address, base) : null;
}

export async function ingestPrepared(host: ChannelHost, store: EmailStore, inboxId: string, settings: EmailSettings, { raw, mail, noise }: PreparedMail): Promise<InboundOutcome> {
  if (noise) return { kind: 'ignored', reason: noise };
  const sender = mail.from!.address;
  const thread = await resolveThread(host, store, inboxId, mail, settings.address);
  const msg: InboundMessage = {
    inboxId, channel: 'email',
    // verified: the mail came from that mailbox (SPF/DKIM are the receiving MTA's job).
    sender: { kind: 'email', value: sender, ...(mail.from!.name ? { name: mail.from!.name } : {}), verified: true },
    text: displayText(mail),
    externalId: mail.messageId,
    threadKey: thread.threadKey,
    subject: mail.subject.slice(0, 300) || '(no subject)',
    attachments: attachmentsFor(raw, mail, settings),
  };
  const result = await host.receive(msg);
  // A redelivery (e.g. re-read after a crash) may decide its thread differently now: keep the stored one.
  const threadKey = result.created ? thread.threadKey : (await host.conversationThreadKey(result.conversationId)) ?? thread.threadKey;
  const base = baseSubject(mail.subject);
  if (base) await store.rememberSubject(sender, base, threadKey);
  await store.rememberOwner(threadKey, sender, result.created && thread.via === 'new');
  await store.setLastInbound(threadKey, mail.messageId);
  return { kind: 'stored', conversationId: result.conversationId, created: result.created, via: thread.via };
}
