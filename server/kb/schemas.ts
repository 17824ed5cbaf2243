// Input schemas of the knowledge-base API, shared by the JSON routes and the help center.
import { z } from 'zod';
import { id } from '../http/validate.js';

export const status = z.enum(['draft', 'in_review', 'published', 'archived']);
export const language = z.enum(['en', 'zh']);
/** Query strings send `?status=` for "any": an empty value means the filter is off. */
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Search words: the same cap everywhere, so a 10,000-character query is a clear 400, not a silent cut. */
export const MAX_Q = 1000;
export const q = z.string().trim().min(1, 'must not be empty').max(MAX_Q, `must be at most ${MAX_Q} characters`);

export const articleSchema = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(200), body: z.string().min(1, 'must not be empty').max(100_000),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(), language: language.optional(),
  status: status.optional(), category: z.string().trim().max(100).nullable().optional(),
});

export const searchQuery = z.object({
  q,
  limit: z.coerce.number().int().min(1).max(50).default(10),
  language: optional(language),
});

export const listQuery = z.object({
  status: optional(status),
  language: optional(language),
  // The index truncates at 200 characters; staff filters say so instead.
  q: optional(z.string().trim().max(200, 'must be at most 200 characters')).transform((v) => v || undefined),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const voteSchema = z.object({ helpful: z.boolean() });
export const usedSchema = z.object({ conversationId: id, helped: z.boolean().optional() });
export const deflectionSchema = z.object({ articleId: id, inboxToken: z.string().min(1).max(100) });
export const previewSchema = z.object({ body: z.string().max(100_000) });
export const settingsSchema = z.object({ requireReview: z.boolean() });
