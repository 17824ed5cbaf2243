// Turns anything thrown into the catalogue's JSON shape; unknown errors never leak details.
import type { NextFunction, Request, Response } from 'express';
import { errorBody, knownError } from '../errors.js';
import type { Logger } from '../log.js';

export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = knownError(err);
    if (known) {
      if (known.code === 'STORAGE_UNAVAILABLE') log.warn({ err, method: req.method, url: req.originalUrl }, 'storage unavailable');
      res.status(known.statusCode).json(known.toJSON());
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    // body-parser's errors: bad JSON, too large, wrong charset.
    if (e?.type === 'entity.parse.failed') return void res.status(400).json(errorBody('MALFORMED_JSON'));
    if (e?.type === 'entity.too.large') return void res.status(413).json(errorBody('PAYLOAD_TOO_LARGE'));
    if (e?.status && e.status >= 400 && e.status < 500) return void res.status(400).json(errorBody('VALIDATION_FAILED', e.message));
    log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    res.status(500).json(errorBody('INTERNAL'));
  };
}

export function notFoundHandler(_req: Request, res: Response) {
  res.status(404).json(errorBody('NOT_FOUND', 'No such route'));
}
