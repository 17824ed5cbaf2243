// Validation at the edge: every body, query and socket payload goes through a zod schema.
// Failures become 400 VALIDATION_FAILED naming the first bad field.
import { z } from 'zod';
import { AppError } from '../errors.js';

export function parse<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  const tooLong = issue.code === 'too_big' && field === 'body';
  if (tooLong) throw new AppError('MESSAGE_TOO_LONG', `body: ${issue.message}`, field);
  throw new AppError('VALIDATION_FAILED', field ? `${field}: ${issue.message}` : issue.message, field);
}

export const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');
export const idParams = z.object({ id });
/** Message ids are 32-bit integers on PostgreSQL: a larger cursor is bad input, not a crash. */
export const MAX_MESSAGE_ID = 2_147_483_647;
