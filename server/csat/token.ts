// Survey tokens: "<payload>.<mac>", payload = base64url JSON {c: conversationId, e: expiry (epoch s)},
// mac = HMAC-SHA256 over a purpose prefix and the payload, so no other signed token can pass as one.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

export const CSAT_TTL_MS = 7 * 86_400_000;

const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(`csat.v1:${payload}`).digest('base64url');

export function signCsatToken(secret: string, conversationId: string, now = Date.now(), ttlMs = CSAT_TTL_MS): string {
  const payload = Buffer.from(JSON.stringify({ c: conversationId, e: Math.floor((now + ttlMs) / 1000) })).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The conversation id; INVALID_SIGNATURE (401) when forged, VALIDATION_FAILED (400, field token) when expired. */
export function verifyCsatToken(secret: string, token: unknown, now = Date.now()): string {
  const forged = () => new AppError('INVALID_SIGNATURE', 'This survey link is not valid', 'token');
  if (typeof token !== 'string' || token.length > 400) throw forged();
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) throw forged();
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw forged();
  let data: { c?: unknown; e?: unknown };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c?: unknown; e?: unknown };
  } catch {
    throw forged();
  }
  if (typeof data.c !== 'string' || typeof data.e !== 'number') throw forged();
  if (data.e * 1000 <= now) throw new AppError('VALIDATION_FAILED', 'token: this survey link has expired', 'token');
  return data.c;
}
