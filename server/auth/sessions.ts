// Opaque bearer tokens: only their sha256 is stored, so a database leak yields no usable token.
// A session is valid only while its authVersion equals its user's: a password reset, deactivation or
// role change bumps the user's, so every session minted before it is dead, including one whose
// sign-in checked the old password while the reset committed, and reactivation revives none.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Prisma } from '../db/client.js';
import type { Role } from '../realtime/contract.js';

export interface AuthUser { id: string; email: string; name: string; role: Role; locale: string }

const CACHE_MS = 10_000;

export class SessionStore {
  // A short cache spares a query per request; logout and user changes clear it.
  private cache = new Map<string, { user: AuthUser; expires: number }>();
  // Bumped by every forget: a read that started before one must not refill the cache afterwards.
  private generation = 0;

  constructor(private db: Db, private ttlHours: number) {}

  /** `user` as read before its password was checked: its authVersion is the one the check was made under. */
  async create(user: { id: string; authVersion: number }): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlHours * 3_600_000);
    await this.db.session.create({ data: { tokenHash: sha256(token), userId: user.id, authVersion: user.authVersion, expiresAt } });
    return { token, expiresAt };
  }

  async resolve(token: string | undefined): Promise<AuthUser | null> {
    if (!token || token.length > 200) return null;
    const key = sha256(token);
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.user;
    const generation = this.generation;
    const session = await this.db.session.findUnique({ where: { tokenHash: key }, include: { user: true } });
    if (!session || session.expiresAt < new Date() || !session.user.active || session.authVersion !== session.user.authVersion) return null;
    const { id, email, name, role, locale } = session.user;
    const user: AuthUser = { id, email, name, role: role as Role, locale };
    if (this.cache.size > 10_000) this.cache.clear();
    if (generation === this.generation) this.cache.set(key, { user, expires: Date.now() + CACHE_MS });
    return user;
  }

  async revoke(token: string): Promise<void> {
    const key = sha256(token);
    this.forgetToken(key);
    await this.db.session.deleteMany({ where: { tokenHash: key } });
  }

  /**
   * In the transaction that bumped the user's authVersion to `authVersion`: deletes their other
   * sessions (dead already) and carries `keepToken`'s over, so whoever made the change stays signed in.
   * Returns the deleted sessions' token hashes, for `session.revoked`.
   */
  async endOthers(tx: Prisma.TransactionClient, userId: string, authVersion: number, keepToken?: string): Promise<string[]> {
    const keep = keepToken ? sha256(keepToken) : null;
    const others = await tx.session.findMany({ where: { userId, ...(keep ? { tokenHash: { not: keep } } : {}) }, select: { tokenHash: true } });
    await tx.session.deleteMany({ where: { userId, tokenHash: { in: others.map((s) => s.tokenHash) } } });
    if (keep) await tx.session.updateMany({ where: { userId, tokenHash: keep }, data: { authVersion } });
    return others.map((s) => s.tokenHash);
  }

  /** A session revoked on another node: stop accepting its token here too. */
  forgetToken(tokenHash: string): void {
    this.generation++;
    this.cache.delete(tokenHash);
  }

  /** After a role change or deactivation, forget cached sessions so it applies at once. */
  forgetUser(userId: string): void {
    this.generation++;
    for (const [k, v] of this.cache) if (v.user.id === userId) this.cache.delete(k);
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
