// One fetched mail -> noise check -> thread decision -> the shared ingest path.
import { truncate } from '../../server/text.js';
import type { ChannelHost, InboundAttachment, InboundMessage } from '../types.js';
import { isNoise, type Noise } from './noise.js';
import { parseMail, type ParsedMail } from './parse.js';
import { splitQuote } from './quote.js';
import { ourDomain, type EmailSettings } from './settings.js';
import type { EmailStore } from './store.js';
import { baseSubject, resolveThread } from './threading.js';

/** The channel's own maxBodyChars, well under what ingest keeps for a channel (200k); the rest is in original.eml. */
export const MAX_BODY_CHARS = 100_000;

export type InboundOutcome =
  | { kind: 'stored'; conversationId: string; created: boolean; via: string; externalId: string }
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
  if (body.length + tail.length > MAX_BODY_CHARS) body = `${truncate(body, MAX_BODY_CHARS - tail.length - 60).trimEnd()}\n[... truncated: the full message is in original.eml]`;
  return body + tail;
}

function attachmentsFor(raw: Buffer, mail: ParsedMail, settings: EmailSettings): InboundAttachment[] {
  const out: InboundAttachment[] = [];
  // The source first: ingest keeps at most 20 files (naming the rest), and this one is the record of what arrived.
  if (raw.length <= settings.maxAttachmentBytes) out.push({ filename: 'original.eml', contentType: 'message/rfc822', data: raw });
  if (mail.html) out.push({ filename: 'message.html', contentType: 'text/html', data: Buffer.from(mail.html, 'utf8') });
  for (const a of mail.attachments) out.push({ filename: a.filename, contentType: a.contentType, data: a.data });
  return out;
}

/** Parsed mail plus what the watcher needs before storing it (noise check, state keys to preload). */
export interface PreparedMail { raw: Buffer; mail: ParsedMail; noise: Noise | null }

export async function prepareMail(raw: Buffer, settings: EmailSettings): Promise<PreparedMail> {
  const mail = await parseMail(raw, settings.maxAttachmentBytes, ourDomain(settings));
  const noise = isNoise({ headers: mail.headers, from: mail.from?.address ?? null, contentType: mail.contentType, subject: mail.subject }, settings.address, settings.allowLists);
  return { raw, mail, noise };
}

/** The state keys the threading and dedupe steps will read for this mail (preloaded per batch). */
export function stateKeysOf(store: EmailStore, p: PreparedMail): string[] {
  if (p.noise) return [];
  const base = baseSubject(p.mail.subject);
  return [store.fingerprintKey(p.mail.messageId), ...(base && p.mail.from ? [store.subjectKey(p.mail.from.address, base)] : [])];
}

/**
 * The id the mail is stored under. Message-IDs are chosen by the sender and some reuse them (contact
 * forms send every mail as <1.x@localhost.localdomain>): a mail whose id is taken by a different
 * sender or body gets its own id, while a redelivery of the same mail keeps the first one and dedupes.
 */
async function storageId(store: EmailStore, mail: ParsedMail): Promise<string> {
  const known = await store.fingerprintFor(mail.messageId);
  if (!known) await store.setFingerprint(mail.messageId, mail.fingerprint);
  return !known || known === mail.fingerprint ? mail.messageId : `${mail.messageId}#${mail.fingerprint.slice(0, 16)}`;
}

export async function ingestPrepared(host: ChannelHost, store: EmailStore, inboxId: string, settings: EmailSettings, p: PreparedMail): Promise<InboundOutcome> {
  const { raw, mail, noise } = p;
  if (noise) return handleNoise(host, inboxId, mail, noise);
  const sender = mail.from!.address;
  const externalId = await storageId(store, mail);
  const thread = await resolveThread(host, store, inboxId, mail, settings.address, externalId);
  const msg: InboundMessage = {
    inboxId, channel: 'email',
    // verified: the mail came from that mailbox (SPF/DKIM are the receiving MTA's job).
    sender: { kind: 'email', value: sender, ...(mail.from!.name ? { name: mail.from!.name } : {}), verified: true },
    text: displayText(mail),
    externalId,
    threadKey: thread.threadKey,
    subject: truncate(mail.subject, 300) || '(no subject)',
    attachments: attachmentsFor(raw, mail, settings),
  };
  const result = await host.receive(msg);
  // A redelivery (e.g. re-read after a crash) may decide its thread differently now: keep the stored one.
  const threadKey = result.created ? thread.threadKey : (await host.conversationThreadKey(result.conversationId)) ?? thread.threadKey;
  const base = baseSubject(mail.subject);
  if (base) await store.rememberSubject(sender, base, threadKey);
  await store.rememberOwner(threadKey, sender, result.created && thread.via === 'new');
  await store.setLastInbound(threadKey, mail.messageId);
  return { kind: 'stored', conversationId: result.conversationId, created: result.created, via: thread.via, externalId };
}

/**
 * Automatic mail never opens or reopens a conversation. A bounce of our reply marks that reply
 * failed with the reason; an auto-reply to our mail (out of office, a helpdesk's receipt) becomes a
 * system line in its conversation, which changes nothing else.
 */
async function handleNoise(host: ChannelHost, inboxId: string, mail: ParsedMail, noise: Noise): Promise<InboundOutcome> {
  if (noise.kind === 'bounce') {
    const b = mail.bounce;
    if (!b?.failed) return { kind: 'ignored', reason: `${noise.reason}${b ? ' (delivery delayed, not failed)' : ''}` };
    const marked: string[] = [];
    for (const id of b.messageIds) if (await host.updateDelivery(inboxId, id, 'failed', `Bounced: ${b.reason}`)) marked.push(id);
    return { kind: 'ignored', reason: `${noise.reason}${marked.length ? `; marked ${marked.join(', ')} failed` : '; names no mail of ours'}` };
  }
  if (noise.kind === 'auto-reply') {
    const ids = [...mail.inReplyTo, ...mail.references.slice().reverse()].filter((id) => id !== mail.messageId);
    const found = ids.length ? await host.findConversationByExternalIds(inboxId, [...new Set(ids)]) : null;
    if (found) {
      const excerpt = truncate(splitQuote(mail.text).visible.replace(/\s+/g, ' '), 300);
      await host.addSystemMessage(found.conversationId, `Automatic reply from ${mail.from?.address ?? 'unknown sender'} (${truncate(mail.subject, 120) || 'no subject'})${excerpt ? `: ${excerpt}` : ''}`, `auto:${mail.messageId}`);
      return { kind: 'ignored', reason: `${noise.reason}; noted in conversation ${found.conversationId}` };
    }
  }
  return { kind: 'ignored', reason: noise.reason };
}
