// Uploads never sent (the agent removed them, the visitor left) are deleted after a day: the
// row first, then the file, so a file is never missing under a row. Safe on every node at once.
import { rm } from 'node:fs/promises';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { AttachmentService } from './service.js';

export const UNSENT_TTL_MS = 24 * 3_600_000;
const EVERY_MS = 3_600_000;

export async function purgeUnsent(db: Db, files: AttachmentService, olderThan: Date): Promise<number> {
  const stale = await db.attachment.findMany({ where: { messageId: null, uploader: { not: null }, createdAt: { lt: olderThan } }, select: { id: true, storageKey: true }, take: 500 });
  if (!stale.length) return 0;
  // Conditional: a reply that claimed one meanwhile keeps it.
  await db.attachment.deleteMany({ where: { id: { in: stale.map((s) => s.id) }, messageId: null } });
  const kept = new Set((await db.attachment.findMany({ where: { id: { in: stale.map((s) => s.id) } }, select: { id: true } })).map((k) => k.id));
  const gone = stale.filter((s) => !kept.has(s.id));
  await Promise.all(gone.map((s) => rm(files.file(s.storageKey), { force: true })));
  return gone.length;
}

/** Hourly, unref'd; returns the stop function. */
export function schedulePurge(db: Db, files: AttachmentService, log: Logger): () => void {
  const timer = setInterval(() => {
    purgeUnsent(db, files, new Date(Date.now() - UNSENT_TTL_MS)).then(
      (n) => n && log.info({ purged: n }, 'unsent uploads deleted'),
      (err: unknown) => log.warn({ err }, 'purging unsent uploads failed'),
    );
  }, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
