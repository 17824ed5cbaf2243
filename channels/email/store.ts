// The email channel's small durable state, kept in host.state under "email:<inboxId>:..." keys.
import { createHash } from 'node:crypto';
import type { ChannelHost } from '../types.js';

export const hashKey = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);

export interface Cursor { uidValidity: string; lastUid: number }
export interface Status { state: 'auth_failed' | 'connected' | 'error'; message: string; at: string }
interface SubjectEntry { threadKey: string; at: number }

async function getJson<T>(host: ChannelHost, key: string): Promise<T | null> {
  const raw = await host.state.get(key);
  if (!raw) return null;
  try { return JSON.parse(raw) as T; } catch { return null; }
}
const setJson = (host: ChannelHost, key: string, value: unknown) => host.state.set(key, JSON.stringify(value));

export class EmailStore {
  constructor(private host: ChannelHost, private inboxId: string) {}
  private key(...parts: string[]) { return ['email', this.inboxId, ...parts].join(':'); }

  cursor() { return getJson<Cursor>(this.host, this.key('cursor')); }
  setCursor(c: Cursor) { return setJson(this.host, this.key('cursor'), c); }
  status() { return getJson<Status>(this.host, this.key('status')); }
  setStatus(state: Status['state'], message: string) { return setJson(this.host, this.key('status'), { state, message, at: new Date().toISOString() }); }

  /** Reply token -> thread key (written when we send, read when the customer answers). */
  async tokenFor(threadKey: string): Promise<string> {
    // Lowercase base32-ish: some MTAs lowercase the local part, so the token must survive it.
    const token = createHash('sha256').update(`${this.inboxId}\0${threadKey}`).digest('hex').slice(0, 20);
    if ((await this.host.state.get(this.key('token', token))) !== threadKey) await this.host.state.set(this.key('token', token), threadKey);
    return token;
  }
  threadForToken(token: string) { return this.host.state.get(this.key('token', token.toLowerCase())); }

  /** Subject + sender -> thread, for clients that drop In-Reply-To. */
  async threadForSubject(sender: string, subject: string, maxAgeMs: number): Promise<string | null> {
    const e = await getJson<SubjectEntry>(this.host, this.key('subj', hashKey(`${sender}\0${subject}`)));
    return e && Date.now() - e.at <= maxAgeMs ? e.threadKey : null;
  }
  rememberSubject(sender: string, subject: string, threadKey: string) {
    return setJson(this.host, this.key('subj', hashKey(`${sender}\0${subject}`)), { threadKey, at: Date.now() });
  }

  /** The customer who opened a thread, so a forward from someone else does not join it. */
  threadOwner(threadKey: string) { return this.host.state.get(this.key('owner', hashKey(threadKey))); }
  async rememberOwner(threadKey: string, sender: string) {
    if (!(await this.threadOwner(threadKey))) await this.host.state.set(this.key('owner', hashKey(threadKey)), sender);
  }

  /** The newest inbound Message-ID of a thread, for In-Reply-To on our reply. */
  lastInbound(threadKey: string) { return this.host.state.get(this.key('last', hashKey(threadKey))); }
  setLastInbound(threadKey: string, messageId: string) { return this.host.state.set(this.key('last', hashKey(threadKey)), messageId); }
}
