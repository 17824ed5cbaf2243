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

/** The token from `Authorization: Bearer` or, for the console, the session cookie. */
export function tokenFrom(headers: { authorization?: string | undefined; cookie?: string | undefined }): string | undefined {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  if (headers.cookie) return parseCookie(headers.cookie)[SESSION_COOKIE];
  return undefined;
}

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

/** Requires a signed-in user with at least the given role (admin > supervisor > agent). */
export function requireRole(sessions: SessionStore, minimum: Role = 'agent') {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const user = await sessions.resolve(tokenFrom(req.headers));
    if (!user) return next(new AppError('UNAUTHENTICATED'));
    if (RANK[user.role] < RANK[minimum]) return next(new AppError('FORBIDDEN', `This needs the ${minimum} role`));
    req.user = user;
    next();
  };
}

export function hasRole(user: AuthUser, minimum: Role): boolean {
  return RANK[user.role] >= RANK[minimum];
}
