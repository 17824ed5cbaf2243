// A conversation's messages newest-first in pages: one backward range on the (conversationId, id)
// index, so opening a conversation of 5,000 messages reads 51 rows, not 5,000.
import type { Db } from '../db/client.js';
import { messageInclude } from '../domain/views.js';

/** How many messages a conversation opens with; older ones load on scroll. */
export const OPEN_MESSAGES = 50;

/** Up to `limit` messages with id < beforeId (null: from the newest), returned in id order. */
export async function messagesBefore(db: Db, conversationId: string, beforeId: number | null, limit: number) {
  const rows = await db.message.findMany({
    where: { conversationId, ...(beforeId === null ? {} : { id: { lt: beforeId } }) },
    include: messageInclude, orderBy: { id: 'desc' }, take: limit + 1,
  });
  return { rows: rows.slice(0, limit).reverse(), hasOlder: rows.length > limit };
}
