// Which conversations a widget visitor may see: those of the customer behind their visitor id, in
// this inbox. Found through the identity's key and the customer's index, so a visitor's events cost
// the same after a year of chats as on the first day (issue 19). Read per call: a merge or a sign-in
// may move the visitor to another customer meanwhile.
import type { Db, Prisma } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { customerIdOf } from '../ingest/customers.js';

/** The filter for the visitor's own conversations; null when the visitor has written nothing yet. */
export async function ownConversations(db: Db, inboxId: string, visitorId: string): Promise<Prisma.ConversationWhereInput | null> {
  const customerId = await customerIdOf(db, 'visitor', visitorId);
  return customerId ? { inboxId, customerId } : null;
}

/** The visitor's newest conversation (only a not-resolved one with `open`), or null. */
export async function latestConversation(db: Db, inboxId: string, visitorId: string, open: boolean): Promise<{ id: string; customerId: string } | null> {
  const where = await ownConversations(db, inboxId, visitorId);
  if (!where) return null;
  return db.conversation.findFirst({ where: { ...where, ...(open ? { status: { not: 'resolved' } } : {}) }, orderBy: { createdAt: 'desc' }, select: { id: true, customerId: true } });
}

export async function conversationIds(db: Db, inboxId: string, visitorId: string): Promise<string[]> {
  const where = await ownConversations(db, inboxId, visitorId);
  return where ? (await db.conversation.findMany({ where, select: { id: true } })).map((c) => c.id) : [];
}

/** Whether this send (its client id) is stored already: a retry, not a first send. */
export async function alreadySent(db: Db, inboxId: string, visitorId: string, clientMessageId: string): Promise<boolean> {
  const where = await ownConversations(db, inboxId, visitorId);
  return !!where && !!(await db.message.findFirst({ where: { inboxId, clientMessageId, conversation: where }, select: { id: true } }));
}

/** A visitor leaves an email for a follow-up: on their newest conversation, and on the customer if they have none (unverified, never linked). */
export async function leaveFollowup(db: Db, bus: DomainBus, inboxId: string, visitorId: string, email: string): Promise<void> {
  const conversation = await latestConversation(db, inboxId, visitorId, false);
  if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND', 'Write a message first, then leave your email');
  const address = email.toLowerCase();
  await db.conversation.update({ where: { id: conversation.id }, data: { followUpEmail: address } });
  await db.customer.updateMany({ where: { id: conversation.customerId, email: null }, data: { email: address } });
  bus.emit('conversation.updated', { conversationId: conversation.id, change: 'details' });
}
