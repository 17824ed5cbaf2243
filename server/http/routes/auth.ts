// Sign in and out. The token comes back in the body (API clients) and as an HttpOnly cookie (console).
import { Router } from 'express';
import { z } from 'zod';
import { verifyPassword } from '../../auth/password.js';
import { sha256 } from '../../auth/sessions.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { checkCsrf, credentialFrom, requireRole, SESSION_COOKIE } from '../auth.js';
import { rateLimit } from '../rate-limit.js';
import { parse } from '../validate.js';

const loginSchema = z.object({ email: z.string().trim().toLowerCase().min(3).max(254), password: z.string().min(1).max(1000) });
// Verifying against a real hash when the user does not exist keeps timing equal.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function authRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/login', rateLimit(10, 60, undefined, { store: ctx.limits, name: 'login-ip' }), async (req, res) => {
    const { email, password } = parse(loginSchema, req.body);
    // Checked before the password, so guesses during the wait learn nothing.
    const wait = await ctx.loginThrottle.waitSec(email);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new AppError('RATE_LIMITED', `Too many failed sign-ins for this account; try again in ${wait} s`);
    }
    const user = await ctx.db.user.findUnique({ where: { email } });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) {
      await ctx.loginThrottle.failed(email);
      throw new AppError('INVALID_CREDENTIALS');
    }
    await ctx.loginThrottle.succeeded(email);
    const { token, expiresAt } = await ctx.sessions.create(user);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, expires: expiresAt, path: '/' });
    res.json({ token, expiresAt: expiresAt.toISOString(), user: publicUser(user) });
  });
  r.post('/logout', async (req, res) => {
    const credential = credentialFrom(req.headers);
    checkCsrf(req, credential?.via);
    const token = credential?.token;
    if (token) {
      await ctx.sessions.revoke(token);
      ctx.bus.emit('session.revoked', { tokenHash: sha256(token) });
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  r.get('/me', requireRole(ctx.sessions), async (req, res) => {
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: req.user!.id }, include: { teams: { select: { teamId: true } } } });
    res.json({ user: publicUser(user) });
  });
  return r;
}

export function publicUser(u: { id: string; email: string; name: string; role: string; locale: string; presence: string; capacity: unknown; active: boolean; teams?: { teamId: string }[] }) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale, presence: u.presence, capacity: u.capacity, active: u.active, ...(u.teams ? { teamIds: u.teams.map((t) => t.teamId) } : {}) };
}
