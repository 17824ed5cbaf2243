// A routing decision's write: a conditional change to one Conversation row and the RoutingEvent
// that explains it, in one transaction. The row is written last: every chat message on the
// conversation bumps that row too (server/ingest), so on PostgreSQL the messages wait for its
// lock, which is now held for the update's own round trip instead of the event insert's as well.
import type { Db, Prisma } from '../db/client.js';

export interface RoutedWrite {
  /** The update applies only while this still matches (a compare-and-set against other nodes). */
  where: Prisma.ConversationWhereInput;
  data: Prisma.ConversationUncheckedUpdateManyInput;
  event: Prisma.RoutingEventUncheckedCreateInput;
}

/** Thrown inside the transaction to roll the event back when the update matched nothing. */
const NOT_MATCHED = new Error('conversation no longer matches');

/**
 * True when both were written; false when `where` no longer matched, and then nothing was. A
 * function in place of the write first reads inside the same transaction; null writes nothing.
 */
export async function writeRouted(db: Db, write: RoutedWrite | ((tx: Prisma.TransactionClient) => Promise<RoutedWrite | null>)): Promise<boolean> {
  try {
    return await db.$transaction(async (tx) => {
      const w = typeof write === 'function' ? await write(tx) : write;
      if (!w) return false;
      await tx.routingEvent.create({ data: w.event });
      const r = await tx.conversation.updateMany({ where: w.where, data: w.data });
      if (r.count !== 1) throw NOT_MATCHED;
      return true;
    });
  } catch (err) {
    // The conversation was deleted (merged away) under us: the event's reference fails instead.
    if (err === NOT_MATCHED || (err as { code?: string })?.code === 'P2003') return false;
    throw err;
  }
}
