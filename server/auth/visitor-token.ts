// Stateless widget visitor tokens: `<visitorId>.<hmac(inboxId:visitorId)>`. Only the server can
// mint one, so a visitor can never claim another visitor's id (and so their conversations).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class VisitorTokens {
  constructor(private secret: string) {}

  mint(inboxId: string): { visitorId: string; token: string } {
    const visitorId = randomBytes(16).toString('base64url');
    return { visitorId, token: `${visitorId}.${this.sign(inboxId, visitorId)}` };
  }

  /** Returns the visitor id if the token was minted for this inbox, else null. */
  verify(inboxId: string, token: unknown): string | null {
    if (typeof token !== 'string' || token.length > 200) return null;
    const [visitorId, sig] = token.split('.');
    if (!visitorId || !sig) return null;
    const expected = Buffer.from(this.sign(inboxId, visitorId));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given) ? visitorId : null;
  }

  private sign(inboxId: string, visitorId: string): string {
    return createHmac('sha256', this.secret).update(`visitor:${inboxId}:${visitorId}`).digest('base64url');
  }
}
