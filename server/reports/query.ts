// The filters every report takes, validated at the edge: a bad value is a 400 naming its field.
import { z } from 'zod';
import { AppError } from '../errors.js';
import { id, parse } from '../http/validate.js';

const DAY = 86_400_000;
export const MAX_RANGE_DAYS = 400;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const date = z.string().regex(ISO, 'must be a date (2025-01-31) or an ISO timestamp (2025-01-31T09:00:00Z)').refine((v) => !Number.isNaN(Date.parse(v)), 'must be a real date');

const schema = z.object({
  from: date.optional(),
  to: date.optional(),
  teamId: id.optional(),
  interval: z.enum(['hour', 'day', 'week'], 'must be hour, day or week').default('day'),
  format: z.enum(['json', 'csv'], 'must be json or csv').default('json'),
});

export type Interval = 'hour' | 'day' | 'week';

export interface ReportFilter {
  /** Inclusive start (UTC). */
  from: Date;
  /** Exclusive end (UTC); a date-only `to` includes that whole day. */
  to: Date;
  teamId: string | undefined;
  interval: Interval;
  format: 'json' | 'csv';
}

/** Parses ?from=&to=&teamId=&interval=&format= ; defaults to the last 30 days. */
export function parseReportQuery(query: unknown, now = Date.now()): ReportFilter {
  const q = parse(schema, query);
  const to = q.to ? (DATE_ONLY.test(q.to) ? Date.parse(q.to) + DAY : Date.parse(q.to)) : now;
  const from = q.from ? Date.parse(q.from) : to - 30 * DAY;
  if (from > to) throw new AppError('VALIDATION_FAILED', 'from: must not be after to', 'from');
  if (to - from > MAX_RANGE_DAYS * DAY) throw new AppError('VALIDATION_FAILED', `to: the range may span at most ${MAX_RANGE_DAYS} days`, 'to');
  return { from: new Date(from), to: new Date(to), teamId: q.teamId, interval: q.interval, format: q.format };
}
