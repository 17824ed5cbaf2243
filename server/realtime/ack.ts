// Socket acknowledgements carry the same error codes as the HTTP API.
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Ack } from './contract.js';

export function ackError(ack: Ack<never>, err: unknown, log: Logger): void {
  if (err instanceof AppError) return ack({ ok: false, error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
  log.error({ err }, 'socket handler failed');
  ack({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on our side' } });
}
