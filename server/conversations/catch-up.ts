// Catch-up reads for reconnecting clients (widget messages.sync, console "messages after"): the
// messages after the client's last id, plus recent ones at or below it that may have committed late.
import type { Db, Prisma } from '../db/client.js';
import { messageInclude } from '../domain/views.js';

// PostgreSQL hands out ids at insert but commits in any order; createdAt is set just before the insert,
// so a late commit is one transaction old: 60 s is far above Prisma's 5 s interactive-transaction limit.
export const LATE_COMMIT_WINDOW_MS = 60_000;
/** At most this many already-seen-range messages per answer; clients merge them by id. */
export const LATE_COMMIT_MAX = 100;

/** Late commits (id <= afterId, recent), then up to `limit` messages after afterId; all in id order. */
export async function catchUpMessages(db: Db, where: Prisma.MessageWhereInput, afterId: number, limit: number) {
  const since = new Date(Date.now() - LATE_COMMIT_WINDOW_MS);
  const [late, next] = await Promise.all([
    afterId > 0
      ? db.message.findMany({ where: { ...where, id: { lte: afterId }, createdAt: { gte: since } }, include: messageInclude, orderBy: { id: 'desc' }, take: LATE_COMMIT_MAX })
      : Promise.resolve([]),
    db.message.findMany({ where: { ...where, id: { gt: afterId } }, include: messageInclude, orderBy: { id: 'asc' }, take: limit }),
  ]);
  return [...late.reverse(), ...next];
}
