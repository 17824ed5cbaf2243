// Socket acknowledgements carry the same error codes as the HTTP API.
import { knownError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Ack } from './contract.js';

export function ackError(ack: Ack<never>, err: unknown, log: Logger): void {
  const known = knownError(err);
  if (known) return ack({ ok: false, error: { code: known.code, message: known.message, ...(known.field ? { field: known.field } : {}) } });
  log.error({ err }, 'socket handler failed');
  ack({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on our side' } });
}
