// Expiring download links for providers that fetch a file themselves (Twilio MediaUrl) and for
// channels that get a link instead of the file: `?exp=<unix s>&sig=<hmac(id:exp)>`.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNED_URL_TTL_MS = 7 * 86_400_000;

export class AttachmentSigner {
  constructor(private secret: string, private publicUrl: string | null, private now: () => number = Date.now) {}

  /** The absolute link, or null when PUBLIC_URL is not set (nobody outside could reach it). */
  url(id: string, ttlMs = SIGNED_URL_TTL_MS): string | null {
    if (!this.publicUrl) return null;
    const exp = Math.floor((this.now() + ttlMs) / 1000);
    return `${this.publicUrl.replace(/\/+$/, '')}/api/attachments/${encodeURIComponent(id)}/signed?exp=${exp}&sig=${this.sign(id, exp)}`;
  }

  verify(id: string, exp: unknown, sig: unknown): boolean {
    const expires = Number(exp);
    if (typeof sig !== 'string' || !Number.isInteger(expires) || expires * 1000 < this.now()) return false;
    const expected = Buffer.from(this.sign(id, expires));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(id: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`attachment:${id}:${exp}`).digest('base64url');
  }
}
