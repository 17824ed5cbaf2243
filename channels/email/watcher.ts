// One mailbox, one watcher: holds the lease, keeps an IMAP session open, fetches from the UID
// cursor on every IDLE wake-up (or poll), and reconnects with exponential backoff.
import { ImapFlow } from 'imapflow';
import type { ChannelHost } from '../types.js';
import { BatchIngest, planBatches } from './batch.js';
import type { EmailSettings } from './settings.js';
import { EmailStore } from './store.js';
import type { WatcherTiming } from './timing.js';


export class MailboxWatcher {
  private stopped = false;
  private wake: (() => void) | null = null;
  /** New mail announced while we were busy fetching: the next wait must not sleep through it. */
  private pending = false;
  private client: ImapFlow | null = null;
  private done: Promise<void>;
  private store: EmailStore;
  private batch: BatchIngest;
  private leaseName: string;
  /** The current session logged in, opened the mailbox and caught up: its end is not a failure to back off from. */
  private healthy = false;

  constructor(private host: ChannelHost, private inboxId: string, private settings: EmailSettings, private timing: WatcherTiming) {
    this.store = new EmailStore(host, inboxId, true);
    this.batch = new BatchIngest(host, inboxId, settings, this.store);
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
        this.healthy = false;
        await this.session();
        attempt = 0;
      } catch (err) {
        this.client?.close(); // a failed session must not stay open through the backoff
        this.client = null;
        if (this.stopped) break;
        // A dropped connection after a healthy session (a server restart) starts the backoff over.
        if (this.healthy) attempt = 0;
        this.healthy = false;
        const delay = Math.min(this.timing.backoffMaxMs, this.timing.backoffMinMs * 2 ** attempt++) * (0.75 + Math.random() * 0.5);
        const { state, message } = this.describeFailure(err, delay);
        this.host.log.warn({ inboxId: this.inboxId, err: message, attempt, retryInMs: Math.round(delay) }, 'email watcher failed; retrying');
        await this.store.setStatus(state, message.slice(0, 500)).catch(() => undefined);
        await this.sleep(delay);
      } finally {
        this.client?.close();
        this.client = null;
      }
    }
  }

  /** The admin-facing reason: what failed, what to check, and when we try again. */
  private describeFailure(err: unknown, delayMs: number): { state: 'auth_failed' | 'error'; message: string } {
    const e = err as { authenticationFailed?: boolean; message?: string; responseText?: string };
    const { host, port, user } = this.settings.imap;
    const retry = `retrying in ${Math.max(1, Math.round(delayMs / 1000))} s`;
    if (e.authenticationFailed === true) {
      return { state: 'auth_failed', message: `IMAP login failed for "${user}" at ${host}:${port} (${e.responseText || 'authentication failed'}): check the IMAP user and password; ${retry}` };
    }
    return { state: 'error', message: `IMAP ${host}:${port}: ${e.responseText || e.message || String(err)}; ${retry}` };
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
    const mailbox = await client.mailboxOpen(this.settings.mailbox);
    let lastUid = await this.startCursor(String(mailbox.uidValidity), mailbox.uidNext, mailbox.exists, client);
    const canIdle = client.capabilities.has('IDLE');
    const how = canIdle ? 'IDLE' : `polling every ${this.settings.pollIntervalSec} s: the server does not offer IDLE`;
    await this.store.setStatus('connected', `connected to ${imap.host}:${imap.port}, watching "${this.settings.mailbox}" (${how})`);
    let renewAt = Date.now() + this.timing.renewMs;
    while (!this.stopped) {
      this.pending = false;
      lastUid = await Promise.race([this.fetchNew(client, String(mailbox.uidValidity), lastUid), lost]);
      this.healthy = true;
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

  /** Reads everything after `lastUid` in bounded batches; returns the new cursor. */
  private async fetchNew(client: ImapFlow, uidValidity: string, lastUid: number): Promise<number> {
    // "n:*" returns the last message even when it is older, hence the filter.
    const list = (await client.fetchAll(`${lastUid + 1}:*`, { uid: true, size: true }, { uid: true })).filter((m) => m.uid > lastUid).sort((a, b) => a.uid - b.uid);
    let last = lastUid;
    for (const uids of planBatches(list)) {
      if (this.stopped) break;
      const messages = await client.fetchAll(uids.join(','), { uid: true, source: true }, { uid: true });
      last = await this.batch.ingest(messages, uidValidity, last);
    }
    return last;
  }
}
