// Rate limits at the edges (login, widget sessions, messages), by client address.
import type { NextFunction, Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';
import { createLimiter, type LimiterStore } from './limiter-store.js';

/** `req.ip` is the client as TRUST_PROXY's trusted hops report it (server/http/trust-proxy.ts). */
export function rateLimit(points: number, durationSec: number, keyOf: (req: Request) => string = (req) => req.ip ?? 'unknown', shared?: { store: LimiterStore; name: string }) {
  const limiter = shared ? createLimiter(shared.store, shared.name, points, durationSec) : new RateLimiterMemory({ points, duration: durationSec });
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await limiter.consume(keyOf(req));
      next();
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) return next(err);
      res.setHeader('Retry-After', String(Math.ceil(err.msBeforeNext / 1000)));
      next(new AppError('RATE_LIMITED'));
    }
  };
}

/** For socket events: true while the key is within its budget. */
export function socketLimiter(points: number, durationSec: number) {
  const limiter = new RateLimiterMemory({ points, duration: durationSec });
  return async (key: string): Promise<boolean> => {
    try {
      await limiter.consume(key);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    }
  };
}
