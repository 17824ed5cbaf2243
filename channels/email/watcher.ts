// One mailbox, one watcher: holds the lease, keeps an IMAP session open, fetches from the UID
// cursor on every IDLE wake-up (or poll), and reconnects with exponential backoff.
import { ImapFlow } from 'imapflow';
import type { ChannelHost } from '../types.js';
import { ingestRaw } from './inbound.js';
import type { EmailSettings } from './settings.js';
import { EmailStore } from './store.js';

export interface WatcherTiming {
  leaseTtlMs: number;
  renewMs: number;
  /** How often a node without the lease asks again. */
  leaseRetryMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** Messages re-read after a UIDVALIDITY change or on the very first start. */
  resyncCount: number;
}

export const DEFAULT_TIMING: WatcherTiming = { leaseTtlMs: 60_000, renewMs: 20_000, leaseRetryMs: 20_000, backoffMinMs: 1_000, backoffMaxMs: 300_000, resyncCount: 50 };
const MAX_ATTEMPTS_PER_MESSAGE = 3;

export class MailboxWatcher {
  private stopped = false;
  private wake: (() => void) | null = null;
  /** New mail announced while we were busy fetching: the next wait must not sleep through it. */
  private pending = false;
  private client: ImapFlow | null = null;
  private failures = new Map<number, number>();
  private done: Promise<void>;
  private store: EmailStore;
  private leaseName: string;

  constructor(private host: ChannelHost, private inboxId: string, private settings: EmailSettings, private timing: WatcherTiming) {
    this.store = new EmailStore(host, inboxId);
    this.leaseName = `email:${inboxId}`;
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending = true;
    this.wake?.();
    this.client?.close();
    await this.done;
    await this.host.releaseLease(this.leaseName).catch(() => undefined);
  }

  /** Sleeps, but returns early on stop or new mail. */
  private sleep(ms: number): Promise<void> {
    if (this.pending || this.stopped) { this.pending = false; return Promise.resolve(); }
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.wake = null; resolve(); }, ms);
      this.wake = () => { clearTimeout(t); this.wake = null; resolve(); };
    });
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        if (!(await this.host.lease(this.leaseName, this.timing.leaseTtlMs))) { await this.sleep(this.timing.leaseRetryMs); continue; }
        await this.session();
        attempt = 0;
      } catch (err) {
        if (this.stopped) break;
        const e = err as { authenticationFailed?: boolean; message?: string; responseText?: string };
        const authFailed = e.authenticationFailed === true;
        const message = (authFailed ? e.responseText || 'authentication failed' : e.message) ?? String(err);
        this.host.log.warn({ inboxId: this.inboxId, err: message }, 'email watcher failed; retrying');
        await this.store.setStatus(authFailed ? 'auth_failed' : 'error', message.slice(0, 500)).catch(() => undefined);
        const delay = Math.min(this.timing.backoffMaxMs, this.timing.backoffMinMs * 2 ** attempt++);
        await this.sleep(delay * (0.75 + Math.random() * 0.5));
      } finally {
        this.client?.close();
        this.client = null;
      }
    }
  }

  private async session(): Promise<void> {
    const { imap, imapPassword } = this.settings;
    const client = new ImapFlow({ host: imap.host, port: imap.port, secure: imap.secure, auth: { user: imap.user, pass: imapPassword }, logger: false, disableAutoIdle: true, connectionTimeout: 15_000, greetingTimeout: 15_000 });
    this.client = client;
    let closed: (err: Error) => void = () => undefined;
    const lost = new Promise<never>((_, reject) => { closed = reject; });
    lost.catch(() => undefined);
    client.on('error', (err: Error) => closed(err));
    client.on('close', () => closed(new Error('IMAP connection closed')));
    client.on('exists', () => { this.pending = true; this.wake?.(); });
    await client.connect();
    await this.store.setStatus('connected', `connected to ${imap.host}:${imap.port}`);
    const mailbox = await client.mailboxOpen('INBOX');
    let lastUid = await this.startCursor(String(mailbox.uidValidity), mailbox.uidNext, mailbox.exists, client);
    const canIdle = client.capabilities.has('IDLE');
    let renewAt = Date.now() + this.timing.renewMs;
    while (!this.stopped) {
      this.pending = false;
      lastUid = await Promise.race([this.fetchNew(client, String(mailbox.uidValidity), lastUid), lost]);
      if (Date.now() >= renewAt) {
        if (!(await this.host.lease(this.leaseName, this.timing.leaseTtlMs))) return; // another node took over
        renewAt = Date.now() + this.timing.renewMs;
      }
      const waitMs = Math.min(renewAt - Date.now(), canIdle ? this.timing.renewMs : this.settings.pollIntervalSec * 1000);
      if (canIdle) void client.idle().catch(() => undefined); // a later command ends IDLE
      await Promise.race([this.sleep(Math.max(0, waitMs)), lost]);
      if (!canIdle && !this.stopped) await Promise.race([client.noop(), lost]);
    }
    await client.logout().catch(() => undefined);
  }

  /** The UID to read after: the stored cursor, or "recent messages" when UIDVALIDITY changed. */
  private async startCursor(uidValidity: string, uidNext: number, exists: number, client: ImapFlow): Promise<number> {
    const cursor = await this.store.cursor();
    if (cursor && cursor.uidValidity === uidValidity) return cursor.lastUid;
    if (exists === 0) return Math.max(0, uidNext - 1);
    // Re-read the last few messages: dedupe by Message-ID makes a second read store nothing.
    const from = Math.max(1, exists - this.timing.resyncCount + 1);
    const uids = (await client.search({ seq: `${from}:*` }, { uid: true })) || [];
    const first = uids.length ? Math.min(...uids) : uidNext;
    this.host.log.info({ inboxId: this.inboxId, uidValidity, from: first }, cursor ? 'UIDVALIDITY changed; resyncing recent mail' : 'first start; reading recent mail');
    return first - 1;
  }

  private async fetchNew(client: ImapFlow, uidValidity: string, lastUid: number): Promise<number> {
    let last = lastUid;
    const messages = await client.fetchAll(`${lastUid + 1}:*`, { uid: true, source: true }, { uid: true });
    for (const m of messages.sort((a, b) => a.uid - b.uid)) {
      if (m.uid <= lastUid || !m.source) continue; // "n:*" returns the last message even when it is older
      if (!(await this.ingestOne(m.uid, m.source))) break;
      last = m.uid;
      await this.store.setCursor({ uidValidity, lastUid: last });
    }
    return last;
  }

  /** False when the message should be retried later; a poison message is skipped after 3 tries. */
  private async ingestOne(uid: number, source: Buffer): Promise<boolean> {
    try {
      const outcome = await ingestRaw(this.host, this.store, this.inboxId, this.settings, source);
      if (outcome.kind === 'ignored') this.host.log.info({ inboxId: this.inboxId, uid, reason: outcome.reason }, 'email ignored');
      this.failures.delete(uid);
      return true;
    } catch (err) {
      const n = (this.failures.get(uid) ?? 0) + 1;
      this.failures.set(uid, n);
      this.host.log.error({ inboxId: this.inboxId, uid, err: (err as Error).message, attempt: n }, 'storing an email failed');
      if (n >= MAX_ATTEMPTS_PER_MESSAGE) { this.failures.delete(uid); return true; }
      throw err;
    }
  }
}
