// The widget handshake's optional site-verified user: {userId, userHash}. A forged or partial claim
// refuses the connection ('INVALID_SIGNATURE'); no claim means an anonymous visitor as before.
// A visitor token belongs to whoever its customer is: once that customer holds a signed user, the
// token is good only together with that user's claim (visitorFits), so a shared browser never hands
// one signed user's chats to the next person, or to the next anonymous page view.
import { z } from 'zod';
import type { VisitorTokens } from '../auth/visitor-token.js';
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { identitySecretOf, userIdentityValue, verifyWidgetIdentity } from './identity.js';
import { linkVerifiedUser, type LinkResult } from './link.js';
import { customerIdOf } from '../ingest/customers.js';

export const widgetUserClaim = z.object({ userId: z.string().min(1).max(200).optional(), userHash: z.string().max(128).optional() });
type Claim = z.infer<typeof widgetUserClaim>;

/** The site user this page view vouches for, null when anonymous; throws INVALID_SIGNATURE for a forged or partial claim. */
export function verifiedUserOf(inbox: { settings: unknown }, claim: Claim): string | null {
  if (claim.userId === undefined && claim.userHash === undefined) return null;
  if (!verifyWidgetIdentity(identitySecretOf(inbox.settings), claim.userId, claim.userHash)) throw new AppError('INVALID_SIGNATURE', 'The widget user signature is invalid');
  return claim.userId!;
}

/** True when this visitor may go on as `userId` (null: anonymous): its customer holds no signed user, or holds this one. */
export async function visitorFits(db: Db, inboxId: string, visitorId: string, userId: string | null): Promise<boolean> {
  const customerId = await customerIdOf(db, 'visitor', visitorId);
  const users = customerId ? await db.customerIdentity.findMany({ where: { customerId, kind: 'user' }, select: { value: true } }) : [];
  return users.length === 0 || (userId !== null && users.some((u) => u.value === userIdentityValue(inboxId, userId)));
}

/** Links the visitor to a verified user and tells the caches whose visitor ids moved. */
export async function linkWidgetUser(db: Db, bus: DomainBus, inboxId: string, visitorId: string, userId: string): Promise<LinkResult> {
  const linked = await linkVerifiedUser(db, inboxId, visitorId, userId);
  if (linked.changed.length) bus.emit('customer.identities_changed', { customerIds: linked.changed });
  return linked;
}

export async function authenticateWidgetUser(db: Db, bus: DomainBus, inbox: { id: string; settings: unknown }, visitorId: string, claim: Claim): Promise<LinkResult | null> {
  const userId = verifiedUserOf(inbox, claim);
  return userId === null ? null : linkWidgetUser(db, bus, inbox.id, visitorId, userId);
}

/**
 * A web visitor's HTTP credentials (inbox token + visitor token): the web chat inbox when it exists
 * and is enabled, and the visitor when the token is theirs for it.
 */
export async function webchatVisitor(db: Db, tokens: VisitorTokens, inboxToken: string, visitorToken: string): Promise<{ inboxId: string | null; visitorId: string | null }> {
  const inbox = await db.inbox.findUnique({ where: { publicToken: inboxToken }, select: { id: true, channel: true, enabled: true } });
  if (!inbox || !inbox.enabled || inbox.channel !== 'webchat') return { inboxId: null, visitorId: null };
  return { inboxId: inbox.id, visitorId: tokens.verify(inbox.id, visitorToken) };
}
