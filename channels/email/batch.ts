// Stores one fetched batch of mail in UID order, then saves the batch's state and the UID cursor
// in one write. The cursor never passes a mail that is not stored: after a crash the batch is
// read again and Message-ID dedupe stores nothing twice.
import type { ChannelHost } from '../types.js';
import { ingestPrepared, prepareMail, stateKeysOf, type PreparedMail } from './inbound.js';
import type { EmailSettings } from './settings.js';
import type { EmailStore } from './store.js';

const MAX_ATTEMPTS_PER_MESSAGE = 3;
/** Bounds on one fetch, so a large backlog is read in pieces rather than all into memory. */
export const MAX_BATCH_MESSAGES = 100;
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;

export interface FetchedMail { uid: number; source?: Buffer | undefined }

/** Splits UIDs (ascending, with sizes) into fetches of bounded count and bytes. */
export function planBatches(list: { uid: number; size?: number | undefined }[]): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const m of list) {
    const size = m.size ?? 0;
    if (current.length && (current.length >= MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BYTES)) { out.push(current); current = []; bytes = 0; }
    current.push(m.uid);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

export class BatchIngest {
  private failures = new Map<number, number>();

  /** `store` must be buffered: its writes go out in flush(), together with the cursor. */
  constructor(private host: ChannelHost, private inboxId: string, private settings: EmailSettings, private store: EmailStore) {}

  /** The last UID handled; throws, after saving what was stored, when a mail must be retried. */
  async ingest(messages: FetchedMail[], uidValidity: string, lastUid: number): Promise<number> {
    const ordered = messages.filter((m): m is { uid: number; source: Buffer } => m.uid > lastUid && !!m.source).sort((a, b) => a.uid - b.uid);
    const prepared = await Promise.all(ordered.map(async (m) => ({ uid: m.uid, mail: await prepareMail(m.source, this.settings) })));
    await this.store.preload(prepared.flatMap((p) => stateKeysOf(this.store, p.mail)));
    let last = lastUid;
    try {
      for (const { uid, mail } of prepared) {
        await this.ingestOne(uid, mail);
        last = uid;
      }
    } catch (err) {
      await this.save(uidValidity, lastUid, last).catch(() => undefined);
      throw err;
    }
    await this.save(uidValidity, lastUid, last);
    return last;
  }

  private async save(uidValidity: string, from: number, last: number): Promise<void> {
    try {
      if (last > from) await this.store.setCursor({ uidValidity, lastUid: last });
      await this.store.flush();
    } catch (err) {
      // Nothing was saved: the batch is read again and dedupes, so drop the buffered writes.
      this.store.discard();
      throw err;
    }
  }

  /** Throws when the mail should be retried later; a poison mail is skipped after 3 tries. */
  private async ingestOne(uid: number, mail: PreparedMail): Promise<void> {
    try {
      const outcome = await ingestPrepared(this.host, this.store, this.inboxId, this.settings, mail);
      // Every mail not stored says why, so nothing is dropped without a trace.
      if (outcome.kind === 'ignored') this.host.log.info({ inboxId: this.inboxId, uid, messageId: mail.mail.messageId, reason: outcome.reason }, 'email ignored');
      else if (!outcome.created) this.host.log.info({ inboxId: this.inboxId, uid, messageId: mail.mail.messageId, externalId: outcome.externalId, reason: 'already stored (same Message-ID, sender and body)' }, 'email duplicate skipped');
      this.failures.delete(uid);
    } catch (err) {
      const n = (this.failures.get(uid) ?? 0) + 1;
      this.failures.set(uid, n);
      this.host.log.error({ inboxId: this.inboxId, uid, err: (err as Error).message, attempt: n }, 'storing an email failed');
      if (n >= MAX_ATTEMPTS_PER_MESSAGE) { this.failures.delete(uid); return; }
      throw err;
    }
  }
}
