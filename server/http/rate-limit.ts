// Rate limits at the edges (login, widget sessions, messages), by client address.
import type { NextFunction, Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';

export function rateLimit(points: number, durationSec: number, keyOf: (req: Request) => string = (req) => req.ip ?? 'unknown') {
  const limiter = new RateLimiterMemory({ points, duration: durationSec });
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
