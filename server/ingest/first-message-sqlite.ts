// A new web visitor's first message on SQLite, in plain SQL: customer, visitor identity,
// conversation and message in one synchronous transaction. Through Prisma the same work was about
// ten calls, and because SQLite answers without I/O each first message ran to its end before the
// next socket was read: 100 new visitors at once waited up to 3 s (docs/benchmarks.md, bench:burst).
// PostgreSQL does the same in one statement (message-store-postgres.ts).
// Only the plainest case takes it; anything else answers null and goes the full path:
// a known visitor (the identity exists: their customer, a duplicate, a linked user), or a webhook
// endpoint subscribed to conversation.created (the full path enqueues its delivery in the same transaction).
import type BetterSqlite from 'better-sqlite3';
import { urgentWrite, type GatedSqlite } from '../db/sqlite-gate.js';
import type { WebhookEndpoint } from '../webhooks/endpoints.js';
import { sqliteTime } from './sqlite-time.js';
import { newId } from './new-id.js';
import type { VisitorContext } from '../realtime/contract.js';

export interface FirstMessage {
  inboxId: string;
  visitorId: string;
  body: string;
  clientMessageId: string;
  /** Where the visitor is (the widget's page, language, zone): names them until a real name is known. */
  context?: VisitorContext;
}

export interface FirstStored {
  customerId: string;
  conversationId: string;
  messageId: number;
  createdAt: Date;
}


export class SqliteFirstMessageStore {
  private statements: ReturnType<typeof prepare> | null = null;

  constructor(private sqlite: GatedSqlite) {}

  async store(m: FirstMessage, now: Date): Promise<FirstStored | null> {
    // A customer waits for this ack: ahead of routing, list updates and reports (sqlite-gate.ts).
    return urgentWrite(this.sqlite, (db) => {
      this.statements ??= prepare(db);
      return this.statements.run(m, now);
    });
  }
}

function prepare(db: BetterSqlite.Database) {
  const known = db.prepare<[string]>(`SELECT 1 FROM "CustomerIdentity" WHERE "kind" = 'visitor' AND "value" = ?`).pluck();
  const endpoints = db.prepare<[]>(`SELECT "value" FROM "Setting" WHERE "key" LIKE 'webhook:%'`).pluck();
  const customer = db.prepare<[string, string | null, string, string]>(
    `INSERT INTO "Customer" ("id", "attributes", "tags", "visitorContext", "createdAt", "updatedAt") VALUES (?, '{}', '[]', ?, ?, ?)`,
  );
  const identity = db.prepare<[string, string, string, string]>(
    `INSERT INTO "CustomerIdentity" ("id", "customerId", "kind", "value", "verified", "createdAt") VALUES (?, ?, 'visitor', ?, 1, ?)`,
  );
  const conversation = db.prepare<[string, string, string, string, string, string, string]>(
    `INSERT INTO "Conversation" ("id", "inboxId", "customerId", "channel", "status", "priority", "lastMessageAt", "lastCustomerMessageAt", "metricsRev", "metricsRevDone", "createdAt", "updatedAt")
     VALUES (?, ?, ?, 'webchat', 'open', 1, ?, ?, 1, 0, ?, ?)`,
  );
  const message = db.prepare<[string, string, string, string, string], { id: number }>(
    `INSERT INTO "Message" ("conversationId", "inboxId", "direction", "authorKind", "body", "private", "clientMessageId", "deliveryStatus", "createdAt")
     VALUES (?, ?, 'in', 'customer', ?, 0, ?, 'delivered', ?) RETURNING "id"`,
  ).safeIntegers(false);
  const subscribed = () => (endpoints.all() as string[]).some((v) => {
    const e = JSON.parse(v) as WebhookEndpoint;
    return e.enabled && e.events.includes('conversation.created');
  });
  const run = db.transaction((m: FirstMessage, now: Date): FirstStored | null => {
    if (known.get(m.visitorId) !== undefined || subscribed()) return null;
    const at = sqliteTime(now);
    const customerId = newId();
    const conversationId = newId();
    customer.run(customerId, m.context ? JSON.stringify(m.context) : null, at, at);
    identity.run(newId(), customerId, m.visitorId, at);
    conversation.run(conversationId, m.inboxId, customerId, at, at, at, at);
    const { id } = message.get(conversationId, m.inboxId, m.body, m.clientMessageId, at)!;
    return { customerId, conversationId, messageId: id, createdAt: now };
  });
  // IMMEDIATE: the write lock is taken at BEGIN, so the identity check and the inserts see one state.
  return { run: (m: FirstMessage, now: Date) => run.immediate(m, now) };
}
