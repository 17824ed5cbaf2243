// The chat hot path on PostgreSQL: one statement per batch (conversation bump + insert, atomic as
// one statement), on a small pool of its own beside Prisma's. The bump comes first and only matches
// an open conversation: it takes the row lock, so a resolve committing meanwhile is seen (the
// update re-checks its condition after the wait) and no message lands in a closed conversation.
import pg from 'pg';
import type { ChatMessageRow, ChatMessageStore, StoredMessage } from './message-store.js';
import { LAST_MESSAGE_AT_STEP_MS, rowKey } from './message-store.js';
import type { FirstMessage, FirstStored } from './first-message-sqlite.js';
import { newId } from './new-id.js';

const INSERT = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t("conversationId", "inboxId", "body", "clientMessageId", "n")
), touched AS (
  UPDATE "Conversation" SET "lastMessageAt" = CASE WHEN "lastMessageAt" < $7::timestamp(3) THEN $5::timestamp(3) ELSE "lastMessageAt" END,
    "lastCustomerMessageAt" = $5::timestamp(3), "updatedAt" = $5::timestamp(3)
  WHERE "id" = ANY($6::text[]) AND "status" = 'open'
  RETURNING "id", ("firstResponseAt" IS NOT NULL AND "nextResponseDueAt" IS NULL) AS "clock"
), stored AS (
  INSERT INTO "Message" ("conversationId", "inboxId", "direction", "authorKind", "body", "private", "clientMessageId", "deliveryStatus", "createdAt")
  SELECT i."conversationId", i."inboxId", 'in', 'customer', i."body", false, i."clientMessageId", 'delivered', $5::timestamp(3)
  FROM input i JOIN touched t ON t."id" = i."conversationId" ORDER BY i."n"
  ON CONFLICT ("conversationId", "clientMessageId") DO NOTHING
  RETURNING "id", "conversationId", "clientMessageId"
)
SELECT s."id", s."conversationId", s."clientMessageId", t."clock"
FROM stored s JOIN touched t ON t."id" = s."conversationId"`;

// A new visitor's first message (first-message-sqlite.ts says which ones): customer, identity,
// conversation and message in one statement, so atomic without an interactive transaction. Nothing is
// written when the visitor is known or a webhook endpoint subscribes to conversation.created.
const FIRST = `
WITH blocked AS (
  SELECT 1 FROM "CustomerIdentity" WHERE "kind" = 'visitor' AND "value" = $1
  UNION ALL
  SELECT 1 FROM "Setting" WHERE "key" LIKE 'webhook:%' AND ("value"::jsonb ->> 'enabled')::boolean AND ("value"::jsonb -> 'events') ? 'conversation.created'
), customer AS (
  INSERT INTO "Customer" ("id", "attributes", "tags", "visitorContext", "createdAt", "updatedAt")
  SELECT $2, '{}', '[]', $9::jsonb, $6::timestamp(3), $6::timestamp(3) WHERE NOT EXISTS (SELECT 1 FROM blocked)
  RETURNING "id"
), identity AS (
  INSERT INTO "CustomerIdentity" ("id", "customerId", "kind", "value", "verified", "createdAt")
  SELECT $3, "id", 'visitor', $1, true, $6::timestamp(3) FROM customer RETURNING "id"
), conversation AS (
  INSERT INTO "Conversation" ("id", "inboxId", "customerId", "channel", "status", "priority", "lastMessageAt", "lastCustomerMessageAt", "metricsRev", "metricsRevDone", "createdAt", "updatedAt")
  SELECT $4, $5, "id", 'webchat', 'open', 1, $6::timestamp(3), $6::timestamp(3), 1, 0, $6::timestamp(3), $6::timestamp(3) FROM customer RETURNING "id"
)
INSERT INTO "Message" ("conversationId", "inboxId", "direction", "authorKind", "body", "private", "clientMessageId", "deliveryStatus", "createdAt")
SELECT "id", $5, 'in', 'customer', $7, false, $8, 'delivered', $6::timestamp(3) FROM conversation
RETURNING "id"`;

// A retried send: its first copy, committed earlier.
const EXISTING = `
SELECT m."id", m."createdAt", m."conversationId", m."clientMessageId" FROM "Message" m
JOIN unnest($1::text[], $2::text[]) AS t("conversationId", "clientMessageId")
  ON m."conversationId" = t."conversationId" AND m."clientMessageId" = t."clientMessageId"`;

export class PostgresMessageStore implements ChatMessageStore {
  // Three batches in flight, one connection spare for looking up retried sends.
  readonly concurrency = 3;
  private pool: pg.Pool;

  constructor(url: string, schema: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
    // An idle client's network error must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async insert(rows: ChatMessageRow[], now: Date): Promise<(StoredMessage | null)[]> {
    // timestamp(3) has no zone: Prisma stores UTC, so send the UTC wall time.
    const wall = (d: Date) => d.toISOString().replace('Z', '');
    const at = wall(now);
    // Named: each pooled connection parses and plans the statement once, not once per batch.
    const { rows: stored } = await this.pool.query<{ id: number; conversationId: string; clientMessageId: string; clock: boolean }>({ name: 'sb-store-chat-batch', text: INSERT, values: [
      rows.map((r) => r.conversationId), rows.map((r) => r.inboxId), rows.map((r) => r.body), rows.map((r) => r.clientMessageId),
      at, [...new Set(rows.map((r) => r.conversationId))], wall(new Date(now.getTime() - LAST_MESSAGE_AT_STEP_MS)),
    ] });
    const byKey = new Map<string, StoredMessage>(stored.map((s) => [rowKey(s.conversationId, s.clientMessageId), { id: s.id, createdAt: now, created: true, startsReplyClock: s.clock }]));
    const missing = rows.filter((r) => !byKey.has(rowKey(r.conversationId, r.clientMessageId)));
    if (missing.length) {
      const { rows: earlier } = await this.pool.query<{ id: number; createdAt: Date; conversationId: string; clientMessageId: string }>(EXISTING, [missing.map((r) => r.conversationId), missing.map((r) => r.clientMessageId)]);
      for (const e of earlier) byKey.set(rowKey(e.conversationId, e.clientMessageId), { id: e.id, createdAt: utc(e.createdAt), created: false, startsReplyClock: false });
    }
    // A key twice in one batch: the first is the stored one, the rest are its retries.
    const seen = new Set<string>();
    return rows.map((r) => {
      const key = rowKey(r.conversationId, r.clientMessageId);
      const found = byKey.get(key);
      // Neither stored nor stored before: its conversation is not open any more.
      if (!found) return null;
      const result = seen.has(key) ? { ...found, created: false, startsReplyClock: false } : found;
      seen.add(key);
      return result;
    });
  }

  async storeFirst(m: FirstMessage, now: Date): Promise<FirstStored | null> {
    const customerId = newId();
    const conversationId = newId();
    try {
      const { rows } = await this.pool.query<{ id: number }>({ name: 'sb-store-first-message', text: FIRST, values: [
        m.visitorId, customerId, newId(), conversationId, m.inboxId, now.toISOString().replace('Z', ''), m.body, m.clientMessageId,
        m.context ? JSON.stringify(m.context) : null,
      ] });
      return rows[0] ? { customerId, conversationId, messageId: rows[0].id, createdAt: now } : null;
    } catch (err) {
      // The same visitor's first message stored by another node a moment ago: the full path finds it.
      if ((err as { code?: string }).code === '23505') return null;
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** node-postgres reads a zone-less timestamp as local time; the stored value is UTC. */
function utc(local: Date): Date {
  return new Date(local.getTime() - local.getTimezoneOffset() * 60_000);
}
