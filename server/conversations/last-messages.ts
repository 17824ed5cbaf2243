// The last message of each conversation, for list rows and summaries. Prisma's `take: 1` on a
// relation loaded for several conversations at once (a list, or findUnique calls it batches
// together) reads every message of those conversations and keeps one in memory: after a long chat,
// thousands of rows per call. Here each conversation's newest id is one backward step in the
// (conversationId, id) index, and only those rows are read.
import type { Db } from '../db/client.js';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { num } from '../reports/sql.js';

export interface LastMessage { body: string; authorKind: string; private: boolean; createdAt: Date }

async function lastMessages(db: Db, conversationIds: string[]): Promise<Map<string, LastMessage>> {
  if (conversationIds.length === 0) return new Map();
  const newest = await db.$queryRaw<{ id: unknown }[]>`
    SELECT (SELECT MAX(m."id") FROM "Message" m WHERE m."conversationId" = c."id") AS "id"
    FROM "Conversation" c WHERE c."id" IN (${Prisma.join(conversationIds)})`;
  const ids = newest.filter((r) => r.id !== null).map((r) => num(r.id));
  const rows = await db.message.findMany({ where: { id: { in: ids } }, select: { conversationId: true, body: true, authorKind: true, private: true, createdAt: true } });
  return new Map(rows.map(({ conversationId, ...last }) => [conversationId, last]));
}

/** Conversation rows with their last message, as conversationSummary reads them. */
export async function withLastMessage<T extends { id: string }>(db: Db, rows: T[]): Promise<(T & { messages: LastMessage[] })[]> {
  const last = await lastMessages(db, rows.map((r) => r.id));
  return rows.map((r) => {
    const m = last.get(r.id);
    return { ...r, messages: m ? [m] : [] };
  });
}
