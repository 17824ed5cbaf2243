// Agent replies out over SMTP, threaded: our own Message-ID (returned as externalId so the
// customer's answer finds the conversation), In-Reply-To/References, and a reply-token Reply-To.
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { PermanentDeliveryError, type ChannelHost, type OutboundMessage, type SendResult } from '../types.js';
import { ourDomain, readSettings } from './settings.js';
import { EmailStore, type SmtpStatus } from './store.js';
import { withoutReplyPrefixes } from './threading.js';
import { markdownToHtml, markdownToPlain } from '../../server/format/render.js';

/** "Re: <subject>": one prefix, whatever language's prefixes and gateway tags the subject carried. */
export function replySubject(subject: string | null): string {
  const s = withoutReplyPrefixes(subject ?? '');
  return s ? `Re: ${s}` : 'Re: Your message';
}

/** Real Message-IDs only (a stored id made unique with "#..." is ours, not the sender's). */
const isMessageId = (id: string) => /^<[^<>\s]+@[^<>\s]+>$/.test(id);

/** References of our reply: the thread's mails in order (theirs and ours), root first, at most 20. */
export function referencesFor(chain: string[], threadKey: string | null, last: string | null): string[] {
  const ids = [...new Set([...(threadKey ? [threadKey] : []), ...chain, ...(last ? [last] : [])])].filter(isMessageId);
  return ids.length > 20 ? [ids[0]!, ...ids.slice(-19)] : ids;
}

export function plusAddress(address: string, token: string): string {
  const [local, domain] = address.split('@');
  return `${local}+${token}@${domain}`;
}

/** The agent's Markdown as an HTML part (escaped; only http(s) and mailto links). */
export function htmlBody(text: string): string {
  return `<!doctype html><html><body>${markdownToHtml(text)}</body></html>`;
}

/** Where a send went, for messages an admin can act on. */
export interface SmtpTarget { host: string; port: number; user?: string | undefined }

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ETLS']);

/** SMTP auth failures and 5xx will fail again: stop. 4xx and network errors: let the outbox retry. */
export function classifySmtpError(err: unknown, to?: SmtpTarget): Error {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const where = to ? ` at ${to.host}:${to.port}` : '';
  if (e.code === 'EAUTH') return new PermanentDeliveryError(`SMTP login failed${to?.user ? ` for "${to.user}"` : ''}${where} (${e.response ?? e.message ?? 'rejected'}): check the inbox's SMTP user and password`);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) return new PermanentDeliveryError(`SMTP: ${e.message ?? 'rejected'}`);
  if (e.code === 'EENVELOPE' && !(typeof e.responseCode === 'number' && e.responseCode < 500)) return new PermanentDeliveryError(`SMTP envelope: ${e.message ?? 'rejected'}`);
  if (CONNECTION_CODES.has(e.code ?? '')) return new Error(`SMTP server${where} unreachable (${e.message ?? e.code}); will retry`);
  return err instanceof Error ? err : new Error(String(err));
}

/** The mailbox-wide part of a failure (login, connection) for the admin status; null for per-mail ones. */
function mailboxProblem(err: unknown): SmtpStatus['state'] | null {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'EAUTH') return 'auth_failed';
  return CONNECTION_CODES.has(code) ? 'error' : null;
}

export async function sendEmail(host: ChannelHost | null, message: OutboundMessage): Promise<SendResult> {
  const settings = readSettings(message.inbox.settings);
  if (!message.recipient || message.recipient.kind !== 'email') throw new PermanentDeliveryError('the customer has no email address');
  const messageId = `<${randomUUID()}@${ourDomain(settings)}>`;
  const store = host ? new EmailStore(host, message.inbox.id) : null;
  const threadKey = message.threadKey;
  const last = threadKey && store ? await store.lastInbound(threadKey) : null;
  // Our earlier replies belong in References too: a client threads by them when it lost the customer's mails.
  const chain = host?.threadExternalIds ? await host.threadExternalIds(message.conversationId, 50) : [];
  const references = referencesFor(chain, threadKey, last);
  const token = threadKey && store ? await store.tokenFor(threadKey) : null;
  // Files travel as MIME parts of the reply itself (multipart/mixed).
  const attachments = await Promise.all((message.attachments ?? []).map(async (f) => ({ filename: f.filename, contentType: f.contentType, content: await f.read() })));
  const transport = nodemailer.createTransport({
    host: settings.smtp.host, port: settings.smtp.port, secure: settings.smtp.secure,
    ...(settings.smtp.user ? { auth: { user: settings.smtp.user, pass: settings.smtpPassword ?? '' } } : {}),
    connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000,
  });
  try {
    await transport.sendMail({
      from: message.authorName ? { name: message.authorName, address: settings.address } : settings.address,
      to: message.recipient.value,
      ...(token ? { replyTo: plusAddress(settings.address, token) } : {}),
      // The first mail of a thread (an agent writes first) keeps its subject; answers get one "Re:".
      subject: references.length || !message.subject ? replySubject(message.subject) : message.subject,
      messageId,
      ...(references.length ? { inReplyTo: last && isMessageId(last) ? last : references[references.length - 1], references } : {}),
      text: markdownToPlain(message.body),
      html: htmlBody(message.body),
      ...(attachments.length ? { attachments } : {}),
      // RFC 3834: a person's reply is "no"; our automatic mail (surveys, notices) says so, and asks
      // auto-responders (Exchange honours X-Auto-Response-Suppress) not to answer it.
      headers: message.automatic ? { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' } : { 'Auto-Submitted': 'no' },
    });
  } catch (err) {
    const classified = classifySmtpError(err, settings.smtp);
    const problem = mailboxProblem(err);
    if (problem && store) await store.setSmtpStatus(problem, classified.message).catch(() => undefined);
    throw classified;
  } finally {
    transport.close();
  }
  // An agent wrote first: this mail starts the thread, so the customer's answer (In-Reply-To it) finds it.
  if (!threadKey && host?.adoptThreadKey) await host.adoptThreadKey(message.conversationId, messageId);
  // A send that works clears an earlier login or connection problem from the admin status.
  if (store && (await store.smtpStatus())?.state !== 'ok') await store.setSmtpStatus('ok', `sent through ${settings.smtp.host}:${settings.smtp.port}`);
  return { externalId: messageId, status: 'sent' };
}
