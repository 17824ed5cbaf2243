// GET /api/conversations?q=…: the query string of a search, and its keyset cursor.
import { z } from 'zod';
import { REQUEST_TYPES } from '../routing/classifier/types.js';
import { id, MAX_MESSAGE_ID } from '../http/validate.js';

export const MAX_QUERY_CHARS = 200;

/** The position after the last row of a page: that row's key (server/search/hits.ts). */
export interface SearchCursor { key: number }

const cursorShape = z.object({ key: z.number().int().min(1).max(MAX_MESSAGE_ID) });

export const encodeCursor = (c: SearchCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

const cursor = z.string().max(300).transform((raw, ctx) => {
  try {
    const parsed = cursorShape.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch { /* reported below */ }
  ctx.addIssue({ code: 'custom', message: 'is not a cursor from nextCursor' });
  return z.NEVER;
});

export const searchQuery = z.object({
  q: z.string().max(MAX_QUERY_CHARS, `must be at most ${MAX_QUERY_CHARS} characters`),
  filter: z.enum(['all', 'mine', 'unassigned']).default('all'),
  // Search looks at every age and state unless told otherwise.
  status: z.enum(['open', 'pending', 'snoozed', 'resolved', 'all']).default('all'),
  channel: z.enum(['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack']).optional(),
  teamId: id.optional(),
  type: z.enum(REQUEST_TYPES).optional(),
  assigneeId: id.optional(),
  /** lastMessageAt within [from, to). */
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursor.optional(),
});

export type SearchQuery = z.infer<typeof searchQuery>;
