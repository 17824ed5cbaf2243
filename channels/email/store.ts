// The email channel's small durable state, kept in host.state under "email:<inboxId>:..." keys.
// A buffered store (the watcher's) holds its writes until flush(), so a batch of fetched mail
// costs one read and one write round trip instead of several per mail.
import { createHash } from 'node:crypto';
import type { ChannelHost } from '../types.js';

export const hashKey = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);

export interface Cursor { uidValidity: string; lastUid: number }
export interface Status { state: 'auth_failed' | 'connected' | 'error'; message: string; at: string }
export interface SmtpStatus { state: 'ok' | 'auth_failed' | 'error'; message: string; at: string }
interface SubjectEntry { threadKey: string; at: number }

function parseJson<T>(raw: string | null): T | null {
  if (!raw) return null;
  try { return JSON.parse(raw) as T; } catch { return null; }
}

export class EmailStore {
  /** Writes not yet flushed (buffered mode); reads see them first. */
  private pending = new Map<string, string | null>();
  /** Values read by preload() for the current batch. */
  private known = new Map<string, string | null>();

  constructor(private host: ChannelHost, private inboxId: string, private buffered = false) {}
  private key(...parts: string[]) { return ['email', this.inboxId, ...parts].join(':'); }

  private async read(key: string): Promise<string | null> {
    if (this.pending.has(key)) return this.pending.get(key)!;
    if (this.known.has(key)) return this.known.get(key)!;
    return this.host.state.get(key);
  }
  private async write(key: string, value: string | null): Promise<void> {
    if (this.buffered) this.pending.set(key, value);
    else await this.host.state.set(key, value);
  }

  /** Reads these keys in one query for the coming batch (buffered mode). */
  async preload(keys: string[]): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.pending.has(k) && !this.known.has(k));
    if (!missing.length) return;
    const { state } = this.host;
    const found = state.getMany ? await state.getMany(missing) : new Map(await Promise.all(missing.map(async (k) => [k, await state.get(k)] as const)));
    for (const k of missing) this.known.set(k, found.get(k) ?? null);
  }

  /** Writes everything buffered in one transaction and forgets the batch's reads. */
  async flush(): Promise<void> {
    const entries = [...this.pending];
    this.known.clear();
    if (!entries.length) return;
    const { state } = this.host;
    if (state.setMany) await state.setMany(entries);
    else for (const [k, v] of entries) await state.set(k, v);
    this.pending.clear();
  }

  /** Drops unflushed writes (the batch failed before they could be saved). */
  discard(): void {
    this.pending.clear();
    this.known.clear();
  }

  async cursor() { return parseJson<Cursor>(await this.read(this.key('cursor'))); }
  setCursor(c: Cursor) { return this.write(this.key('cursor'), JSON.stringify(c)); }

  // Status is for the admin UI right now, never held back by a batch.
  async status() { return parseJson<Status>(await this.host.state.get(this.key('status'))); }
  setStatus(state: Status['state'], message: string) { return this.host.state.set(this.key('status'), JSON.stringify({ state, message, at: new Date().toISOString() })); }
  async smtpStatus() { return parseJson<SmtpStatus>(await this.host.state.get(this.key('smtp-status'))); }
  setSmtpStatus(state: SmtpStatus['state'], message: string) { return this.host.state.set(this.key('smtp-status'), JSON.stringify({ state, message, at: new Date().toISOString() })); }

  /** Reply token -> thread key (written when we send, read when the customer answers). */
  async tokenFor(threadKey: string): Promise<string> {
    // Lowercase base32-ish: some MTAs lowercase the local part, so the token must survive it.
    const token = createHash('sha256').update(`${this.inboxId}\0${threadKey}`).digest('hex').slice(0, 20);
    if ((await this.read(this.key('token', token))) !== threadKey) await this.write(this.key('token', token), threadKey);
    return token;
  }
  threadForToken(token: string) { return this.read(this.key('token', token.toLowerCase())); }

  /** Subject + sender -> thread, for clients that drop In-Reply-To. */
  subjectKey(sender: string, subject: string) { return this.key('subj', hashKey(`${sender}\0${subject}`)); }
  async threadForSubject(sender: string, subject: string, maxAgeMs: number): Promise<string | null> {
    const e = parseJson<SubjectEntry>(await this.read(this.subjectKey(sender, subject)));
    return e && Date.now() - e.at <= maxAgeMs ? e.threadKey : null;
  }
  rememberSubject(sender: string, subject: string, threadKey: string) {
    return this.write(this.subjectKey(sender, subject), JSON.stringify({ threadKey, at: Date.now() }));
  }

  /** The customer who opened a thread, so a forward from someone else does not join it. */
  threadOwner(threadKey: string) { return this.read(this.key('owner', hashKey(threadKey))); }
  /** `opened`: this mail started the thread, so there is no earlier owner to look up. */
  async rememberOwner(threadKey: string, sender: string, opened: boolean) {
    if (opened || !(await this.threadOwner(threadKey))) await this.write(this.key('owner', hashKey(threadKey)), sender);
  }

  /** The fingerprint of the mail stored under a Message-ID, so a reused id with other content is told apart. */
  fingerprintKey(messageId: string) { return this.key('fp', hashKey(messageId)); }
  fingerprintFor(messageId: string) { return this.read(this.fingerprintKey(messageId)); }
  setFingerprint(messageId: string, fingerprint: string) { return this.write(this.fingerprintKey(messageId), fingerprint); }

  /** The newest inbound Message-ID of a thread, for In-Reply-To on our reply. */
  lastInbound(threadKey: string) { return this.read(this.key('last', hashKey(threadKey))); }
  setLastInbound(threadKey: string, messageId: string) { return this.write(this.key('last', hashKey(threadKey)), messageId); }
}
