// Which conversations a widget visitor may see: those of the customer behind their visitor id, in
// this inbox. Found through the identity's key and the customer's index, so a visitor's events cost
// the same after a year of chats as on the first day (issue 19).
import type { Db, Prisma } from '../db/client.js';
import { customerIdOf } from '../ingest/customers.js';

/** The filter for the visitor's own conversations; null when the visitor has written nothing yet. */
export async function ownConversations(db: Db, inboxId: string, visitorId: string): Promise<Prisma.ConversationWhereInput | null> {
  const customerId = await customerIdOf(db, 'visitor', visitorId);
  return customerId ? { inboxId, customerId } : null;
}
