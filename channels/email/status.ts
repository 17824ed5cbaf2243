// The mailbox connection status for the admin UI: written by the watcher, read here.
import type { ChannelHost } from '../types.js';
import { EmailStore, type Status } from './store.js';

export type EmailStatus = Status | { state: 'unknown'; message: string; at: null };

export async function emailStatus(host: ChannelHost, inboxId: string): Promise<EmailStatus> {
  return (await new EmailStore(host, inboxId).status()) ?? { state: 'unknown', message: 'not connected yet', at: null };
}
