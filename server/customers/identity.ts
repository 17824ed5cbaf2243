// Site-verified widget identities: the host site signs its user id with the inbox secret, so a
// visitor can claim a user id only if the site vouches for it. Unsigned claims are never trusted.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** True when userHash = hex HMAC-SHA256(inboxSecret, userId); compared in constant time. */
export function verifyWidgetIdentity(inboxSecret: string | undefined | null, userId: unknown, userHash: unknown): boolean {
  if (!inboxSecret || typeof userId !== 'string' || typeof userHash !== 'string') return false;
  if (userId.length === 0 || userId.length > 200 || !/^[0-9a-f]{64}$/i.test(userHash)) return false;
  const expected = createHmac('sha256', inboxSecret).update(userId).digest();
  return timingSafeEqual(expected, Buffer.from(userHash, 'hex'));
}

/** What the host site computes server-side (documented; also used by tests). */
export function signWidgetUser(inboxSecret: string, userId: string): string {
  return createHmac('sha256', inboxSecret).update(userId).digest('hex');
}

/** The identity value of a site user: scoped to the inbox, since user ids are per site. */
export function userIdentityValue(inboxId: string, userId: string): string {
  return `${inboxId}:${userId}`;
}

/** A new inbox's identity secret (kept in inbox.settings.identitySecret, never returned). */
export function newIdentitySecret(): string {
  return randomBytes(32).toString('hex');
}

/** Reads the secret from an inbox's settings JSON. */
export function identitySecretOf(settings: unknown): string | null {
  const s = (settings ?? {}) as Record<string, unknown>;
  return typeof s.identitySecret === 'string' && s.identitySecret.length >= 16 ? s.identitySecret : null;
}
