// The widget's rating path: socket event 'csat.submit' {token, score, comment?} with an ack.
import { z } from 'zod';
import { parse } from '../http/validate.js';
import type { Logger } from '../log.js';
import { ackError } from '../realtime/ack.js';
import type { Ack } from '../realtime/contract.js';
import type { CsatService } from './service.js';

const schema = z.object({ token: z.string().min(1).max(400), score: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() });

export function csatSubmitHandler(csat: CsatService, log: Logger) {
  return async (payload: unknown, ack: Ack<{ saved: true; score: number }>): Promise<void> => {
    if (typeof ack !== 'function') return;
    try {
      const input = parse(schema, payload);
      const saved = await csat.submit(input.token, input.score, input.comment);
      ack({ ok: true, data: { saved: true, score: saved.score } });
    } catch (err) {
      ackError(ack as Ack<never>, err, log);
    }
  };
}
