// Who is calling: a bearer token or the HttpOnly session cookie, and what their role allows.
import { parse as parseCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import type { AuthUser, SessionStore } from '../auth/sessions.js';
import { AppError } from '../errors.js';
import type { Role } from '../realtime/contract.js';

export const SESSION_COOKIE = 'sb_session';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

type AuthHeaders = { authorization?: string | undefined; cookie?: string | undefined };

/** The credential and where it came from: `Authorization: Bearer`, or the console's session cookie. */
export function credentialFrom(headers: AuthHeaders): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), via: 'bearer' };
  const cookie = headers.cookie ? parseCookie(headers.cookie)[SESSION_COOKIE] : undefined;
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

export function tokenFrom(headers: AuthHeaders): string | undefined {
  return credentialFrom(headers)?.token;
}

/** The header the console sends with every request; a cross-origin page cannot add it without a preflight we never grant. */
export const CSRF_HEADER = 'x-requested-with';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a browser attaches the cookie to any request to us, including a bodyless POST from a page
 * on a sibling subdomain (same site, so SameSite=Lax lets it through). A change made with the cookie
 * must therefore carry CSRF_HEADER; Bearer tokens are never sent by a browser on its own.
 */
export function checkCsrf(req: Request, via: 'bearer' | 'cookie' | undefined): void {
  if (via === 'cookie' && !SAFE_METHODS.has(req.method) && !req.get(CSRF_HEADER)) throw new AppError('CSRF_REJECTED');
}

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

/** Requires a signed-in user with at least the given role (admin > supervisor > agent). */
export function requireRole(sessions: SessionStore, minimum: Role = 'agent') {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const credential = credentialFrom(req.headers);
    checkCsrf(req, credential?.via);
    const user = await sessions.resolve(credential?.token);
    if (!user) return next(new AppError('UNAUTHENTICATED'));
    if (RANK[user.role] < RANK[minimum]) return next(new AppError('FORBIDDEN', `This needs the ${minimum} role`));
    req.user = user;
    next();
  };
}

export function hasRole(user: AuthUser, minimum: Role): boolean {
  return RANK[user.role] >= RANK[minimum];
}
