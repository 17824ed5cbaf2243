// The chat hot path on SQLite: prepared once, run synchronously on Prisma's own connection while
// the gate keeps Prisma's transactions out (server/db/sqlite-gate.ts).
import type BetterSqlite from 'better-sqlite3';
import path from 'node:path';
import { urgentWrite, type GatedSqlite } from '../db/sqlite-gate.js';
import { SqliteCheckpointer } from '../db/sqlite-checkpointer.js';
import type { Logger } from '../log.js';
import { SqliteFirstMessageStore, type FirstMessage, type FirstStored } from './first-message-sqlite.js';
import { sqliteTime } from './sqlite-time.js';
import { LAST_MESSAGE_AT_STEP_MS, type ChatMessageRow, type ChatMessageStore, type StoredMessage } from './message-store.js';


export class SqliteMessageStore implements ChatMessageStore {
  readonly concurrency = 1;
  private statements: ReturnType<typeof prepare> | null = null;
  // Started with the first chat message: a server nobody writes to needs no worker thread.
  private checkpointer: Promise<SqliteCheckpointer | null> | null = null;

  private firsts: SqliteFirstMessageStore;

  constructor(private sqlite: GatedSqlite, private file: string, private log: Logger) {
    this.firsts = new SqliteFirstMessageStore(sqlite);
  }

  storeFirst(m: FirstMessage, now: Date): Promise<FirstStored | null> {
    return this.firsts.store(m, now);
  }

  async insert(rows: ChatMessageRow[], now: Date): Promise<(StoredMessage | null)[]> {
    // A customer waits for this ack: ahead of routing, list updates and reports (sqlite-gate.ts).
    return urgentWrite(this.sqlite, (db) => {
      this.statements ??= prepare(db);
      this.checkpointer ??= this.startCheckpointer();
      return this.statements.run(rows, now);
    });
  }

  private startCheckpointer(): Promise<SqliteCheckpointer | null> {
    const onError = (err: Error) => this.log.error({ err }, 'SQLite checkpoint worker failed; checkpoints run on the main thread again');
    return SqliteCheckpointer.start(path.resolve(this.file), this.sqlite.connection(), this.sqlite.gate, { onError }).catch((err: Error) => {
      onError(err);
      return null;
    });
  }

  async close(): Promise<void> {
    this.statements = null;
    await (await this.checkpointer)?.stop();
  }
}

function prepare(db: BetterSqlite.Database) {
  const insert = db.prepare<[string, string, string, string, string], { id: number }>(
    `INSERT INTO "Message" ("conversationId", "inboxId", "direction", "authorKind", "body", "private", "clientMessageId", "deliveryStatus", "createdAt")
     VALUES (?, ?, 'in', 'customer', ?, 0, ?, 'delivered', ?)
     ON CONFLICT ("conversationId", "clientMessageId") DO NOTHING RETURNING "id"`,
  ).safeIntegers(false);
  const existing = db.prepare<[string, string], { id: number; createdAt: string }>(
    `SELECT "id", "createdAt" FROM "Message" WHERE "conversationId" = ? AND "clientMessageId" = ?`,
  ).safeIntegers(false);
  // Only an open conversation is bumped, and only a bumped one takes new messages: the cache that
  // sent them here may be stale (resolved on another node, or a moment ago on this one).
  const touch = db.prepare<[string, string, string, string, string], { clock: number }>(
    `UPDATE "Conversation" SET "lastMessageAt" = CASE WHEN "lastMessageAt" < ? THEN ? ELSE "lastMessageAt" END, "lastCustomerMessageAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = 'open'
     RETURNING ("firstResponseAt" IS NOT NULL AND "nextResponseDueAt" IS NULL) AS "clock"`,
  ).safeIntegers(false);
  const run = db.transaction((rows: ChatMessageRow[], now: Date): (StoredMessage | null)[] => {
    const at = sqliteTime(now);
    const stale = sqliteTime(new Date(now.getTime() - LAST_MESSAGE_AT_STEP_MS));
    const clocks = new Map([...new Set(rows.map((r) => r.conversationId))].map((id) => [id, touch.get(stale, at, at, at, id)]));
    return rows.map((r): StoredMessage | null => {
      const clock = clocks.get(r.conversationId);
      const fresh = clock && insert.get(r.conversationId, r.inboxId, r.body, r.clientMessageId, at);
      if (fresh) return { id: fresh.id, createdAt: now, created: true, startsReplyClock: clock.clock === 1 };
      const first = existing.get(r.conversationId, r.clientMessageId);
      return first ? { id: first.id, createdAt: new Date(first.createdAt), created: false, startsReplyClock: false } : null;
    });
  });
  return { run };
}
