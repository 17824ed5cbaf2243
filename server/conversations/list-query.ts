// The console's conversation list as one SQL text for SQLite and PostgreSQL: equality filters, then
// keyset paging on (lastMessageAt, id). Every filter set that can lead an index seek has an index
// ending in (lastMessageAt, id) (docs/database.md#console-lists), so a page reads limit+1 index
// entries in order and never sorts. Extra conditions (a search's `q`) join through `where`.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { ListCursor } from '../db/keyset.js';
import type { ConversationStatus } from '../realtime/contract.js';

export const LIST_SORTS = ['recent', 'oldest'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export interface ListFilter {
  status?: ConversationStatus | 'all';
  channel?: string;
  teamId?: string;
  /** A user id, or null for unassigned; undefined for anyone. */
  assigneeId?: string | null;
  type?: string;
  priority?: number;
  customerId?: string;
  sort?: ListSort;
  cursor?: ListCursor;
  /** Older clients' `before` (an ISO time): strictly older than it, whatever the id. */
  before?: Date;
  limit: number;
  /** More conditions on c (a search filter), ANDed with the rest. */
  where?: Prisma.Sql[];
}

function conditions(f: ListFilter): Prisma.Sql[] {
  const w: Prisma.Sql[] = [];
  if (f.status && f.status !== 'all') w.push(Prisma.sql`c."status" = ${f.status}`);
  if (f.channel) w.push(Prisma.sql`c."channel" = ${f.channel}`);
  if (f.teamId) w.push(Prisma.sql`c."teamId" = ${f.teamId}`);
  if (f.assigneeId === null) w.push(Prisma.sql`c."assigneeId" IS NULL`);
  else if (f.assigneeId !== undefined) w.push(Prisma.sql`c."assigneeId" = ${f.assigneeId}`);
  if (f.type) w.push(Prisma.sql`c."type" = ${f.type}`);
  if (f.priority !== undefined) w.push(Prisma.sql`c."priority" = ${f.priority}`);
  if (f.customerId) w.push(Prisma.sql`c."customerId" = ${f.customerId}`);
  const older = (f.sort ?? 'recent') === 'recent';
  if (f.cursor) {
    // The bare range on lastMessageAt is what the index seeks on; the OR settles ties by id.
    const { at, id } = f.cursor;
    w.push(older
      ? Prisma.sql`c."lastMessageAt" <= ${at} AND (c."lastMessageAt" < ${at} OR c."id" < ${id})`
      : Prisma.sql`c."lastMessageAt" >= ${at} AND (c."lastMessageAt" > ${at} OR c."id" > ${id})`);
  }
  if (f.before) w.push(Prisma.sql`c."lastMessageAt" < ${f.before}`);
  return [...w, ...(f.where ?? [])];
}

/** SELECT of one page's ids and sort keys (limit + 1 rows: the extra one says a next page exists). */
export function listSql(f: ListFilter): Prisma.Sql {
  const w = conditions(f);
  const where = w.length ? Prisma.sql`WHERE ${Prisma.join(w, ' AND ')}` : Prisma.empty;
  const dir = Prisma.raw((f.sort ?? 'recent') === 'recent' ? 'DESC' : 'ASC');
  // PostgreSQL does not treat IS NULL as a constant for ordering: naming the (all-NULL) column lets the assignee index give the order.
  const unassigned = f.assigneeId === null ? Prisma.sql`c."assigneeId" ${dir}, ` : Prisma.empty;
  return Prisma.sql`SELECT c."id", c."lastMessageAt" AS "at" FROM "Conversation" c ${where} ORDER BY ${unassigned}c."lastMessageAt" ${dir}, c."id" ${dir} LIMIT ${f.limit + 1}`;
}
