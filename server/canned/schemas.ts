// Edge schemas of /api/canned-responses (the service trusts what these let through).
import { z } from 'zod';
import { REQUEST_TYPES, LANGUAGES } from '../routing/classifier/types.js';
import { id } from '../http/validate.js';

import { SCOPES } from './scopes.js';

const shortcut = z.string().trim().toLowerCase().regex(/^\/?[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1-40 letters, digits, - or _').transform((s) => s.replace(/^\//, ''));
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const createCanned = z.object({
  shortcut,
  title: text(120),
  body: text(5000),
  teamId: id.optional(),
  language: z.enum(LANGUAGES).nullable().optional(),
  requestType: z.enum(REQUEST_TYPES).nullable().optional(),
  scope: z.enum(SCOPES).optional(),
}).strict();
export type CreateCanned = z.infer<typeof createCanned>;

export const updateCanned = createCanned.partial().omit({ scope: true, teamId: true }).strict();
export type UpdateCanned = z.infer<typeof updateCanned>;

export const listQuery = z.object({
  q: z.string().max(200).optional(),
  scope: z.enum(SCOPES).optional(),
  teamId: id.optional(),
  language: z.enum(LANGUAGES).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export const conversationQuery = z.object({ conversationId: id });
