// Opaque bearer tokens: only their sha256 is stored, so a database leak yields no usable token.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { Role } from '../realtime/contract.js';

export interface AuthUser { id: string; email: string; name: string; role: Role; locale: string }

const CACHE_MS = 10_000;

export class SessionStore {
  // A short cache spares a query per request; logout and user changes clear it.
  private cache = new Map<string, { user: AuthUser; expires: number }>();

  constructor(private db: Db, private ttlHours: number) {}

  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlHours * 3_600_000);
    await this.db.session.create({ data: { tokenHash: sha256(token), userId, expiresAt } });
    return { token, expiresAt };
  }

  async resolve(token: string | undefined): Promise<AuthUser | null> {
    if (!token || token.length > 200) return null;
    const key = sha256(token);
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.user;
    const session = await this.db.session.findUnique({ where: { tokenHash: key }, include: { user: true } });
    if (!session || session.expiresAt < new Date() || !session.user.active) return null;
    const { id, email, name, role, locale } = session.user;
    const user: AuthUser = { id, email, name, role: role as Role, locale };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { user, expires: Date.now() + CACHE_MS });
    return user;
  }

  async revoke(token: string): Promise<void> {
    const key = sha256(token);
    this.cache.delete(key);
    await this.db.session.deleteMany({ where: { tokenHash: key } });
  }

  /** A session revoked on another node: stop accepting its token here too. */
  forgetToken(tokenHash: string): void {
    this.cache.delete(tokenHash);
  }

  /** After a role change or deactivation, forget cached sessions so it applies at once. */
  forgetUser(userId: string): void {
    for (const [k, v] of this.cache) if (v.user.id === userId) this.cache.delete(k);
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
