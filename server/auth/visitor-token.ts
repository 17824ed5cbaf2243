// Stateless widget visitor tokens: `<visitorId>.<issued, base36 seconds>.<hmac(inboxId:visitorId:issued)>`.
// Only the server can mint one, so a visitor can never claim another visitor's id (and so their
// conversations). They expire (ttlMs after issue) and every connection gets a freshly issued one, so
// a browser that keeps chatting stays the same visitor while a token left behind stops working.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const FORMAT = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/;
// Nodes' clocks may differ a little; a token from further ahead than this is forged or broken.
const MAX_SKEW_MS = 5 * 60_000;

export class VisitorTokens {
  constructor(private secret: string, private ttlMs: number, private now: () => number = Date.now) {}

  /** A new visitor, or (rotation) a fresh token for a known one. */
  mint(inboxId: string, visitorId = randomBytes(16).toString('base64url'), at = this.now()): { visitorId: string; token: string } {
    const issued = Math.floor(at / 1000).toString(36);
    return { visitorId, token: `${visitorId}.${issued}.${this.sign(inboxId, visitorId, issued)}` };
  }

  /** The visitor id if the token was minted for this inbox and has not expired, else null. Exactly the minted form: nothing before or after. */
  verify(inboxId: string, token: unknown): string | null {
    if (typeof token !== 'string' || token.length > 200) return null;
    const m = FORMAT.exec(token);
    const [visitorId, issued, sig] = [m?.[1], m?.[2], m?.[3]];
    if (!visitorId || !issued || !sig) return null;
    const expected = Buffer.from(this.sign(inboxId, visitorId, issued));
    if (!timingSafeEqual(expected, Buffer.from(sig))) return null;
    const age = this.now() - parseInt(issued, 36) * 1000;
    return age <= this.ttlMs && age >= -MAX_SKEW_MS ? visitorId : null;
  }

  private sign(inboxId: string, visitorId: string, issued: string): string {
    return createHmac('sha256', this.secret).update(`visitor:${inboxId}:${visitorId}:${issued}`).digest('base64url');
  }
}
