// The widget handshake's optional site-verified user: {userId, userHash}. A forged or partial claim
// refuses the connection ('INVALID_SIGNATURE'); no claim means an anonymous visitor as before.
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import { AppError } from '../errors.js';
import { identitySecretOf, verifyWidgetIdentity } from './identity.js';
import { linkVerifiedUser, type LinkResult } from './link.js';

export const widgetUserClaim = z.object({ userId: z.string().min(1).max(200).optional(), userHash: z.string().max(128).optional() });

export async function authenticateWidgetUser(db: Db, bus: DomainBus, inbox: { id: string; settings: unknown }, visitorId: string, claim: z.infer<typeof widgetUserClaim>): Promise<LinkResult | null> {
  if (claim.userId === undefined && claim.userHash === undefined) return null;
  const secret = identitySecretOf(inbox.settings);
  if (!verifyWidgetIdentity(secret, claim.userId, claim.userHash)) throw new AppError('INVALID_SIGNATURE', 'The widget user signature is invalid');
  const linked = await linkVerifiedUser(db, inbox.id, visitorId, claim.userId!);
  if (linked.changed.length) bus.emit('customer.identities_changed', { customerIds: linked.changed });
  return linked;
}
