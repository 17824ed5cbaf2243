// The mailbox status for the admin UI: the watcher writes the IMAP side, sends write the SMTP
// side; the headline is the worse of the two, in the states the console already knows.
import type { ChannelHost } from '../types.js';
import { EmailStore, type SmtpStatus, type Status } from './store.js';

type Headline = Status | { state: 'unknown'; message: string; at: null };
export type EmailStatus = Headline & { imap: Headline; smtp: SmtpStatus | null };

export async function emailStatus(host: ChannelHost, inboxId: string): Promise<EmailStatus> {
  const store = new EmailStore(host, inboxId);
  const [imap, smtp] = await Promise.all([store.status(), store.smtpStatus()]);
  const incoming: Headline = imap ?? { state: 'unknown', message: 'not connected yet', at: null };
  // Receiving trouble comes first; otherwise a failing SMTP login is what the admin must fix.
  const headline: Headline = incoming.state === 'connected' && smtp && smtp.state !== 'ok' ? { state: smtp.state, message: `Sending: ${smtp.message}`, at: smtp.at } : incoming;
  return { ...headline, imap: incoming, smtp };
}
