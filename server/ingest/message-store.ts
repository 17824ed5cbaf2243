// Stores a batch of chat messages on open conversations in one transaction, in plain SQL: the
// ORM's per-call cost was most of the hot path's CPU (docs/benchmarks.md). Two implementations,
// one per database; both dedupe on (conversationId, clientMessageId) like the slow path.
import type { Db } from '../db/client.js';
import { sqliteConnectionOf } from '../db/client.js';
import type { DatabaseTarget } from '../db/target.js';
import type { Logger } from '../log.js';
import { SqliteMessageStore } from './message-store-sqlite.js';
import type { FirstMessage, FirstStored } from './first-message-sqlite.js';

export interface ChatMessageRow {
  conversationId: string;
  inboxId: string;
  body: string;
  /** Required: it is what makes a retried send find its first copy. */
  clientMessageId: string;
}

export interface StoredMessage {
  id: number;
  createdAt: Date;
  /** False when the client id was already stored (a retried send). */
  created: boolean;
  /** The conversation was answered and no next-response clock ran: this message may start it. */
  startsReplyClock: boolean;
}

export interface ChatMessageStore {
  /** Batches that may be in flight at once (a synchronous store gains nothing from more than one). */
  readonly concurrency: number;
  /**
   * Results in input order; all or nothing. Bumps each conversation's last-message times. A row
   * whose conversation is no longer open (resolved or snoozed behind the caller's cache) is not
   * stored and answers null, unless it is a retry of a message stored earlier.
   */
  insert(rows: ChatMessageRow[], now: Date): Promise<(StoredMessage | null)[]>;
  /**
   * A new visitor's first web chat message: customer, identity, conversation and message at once,
   * in plain SQL. Null when the visitor is known or the case needs the full path (first-message-sqlite.ts).
   */
  storeFirst?(m: FirstMessage, now: Date): Promise<FirstStored | null>;
  close(): Promise<void>;
}

/** The PostgreSQL store (and the pg driver) loads only when PostgreSQL is the database. */
export async function openChatMessageStore(target: DatabaseTarget, db: Db, log: Logger): Promise<ChatMessageStore> {
  if (target.provider !== 'postgresql') return new SqliteMessageStore(sqliteConnectionOf(db), target.file, log);
  const { PostgresMessageStore } = await import('./message-store-postgres.js');
  return new PostgresMessageStore(target.url, target.schema);
}

/**
 * A chat message moves its conversation's lastMessageAt only once it is this far behind: on
 * PostgreSQL an unchanged indexed column keeps the per-message bump a HOT update (no new entries
 * in the Conversation's seven indexes, no bloat), and a list ordered by it needs no finer step.
 */
export const LAST_MESSAGE_AT_STEP_MS = 1_000;

export const rowKey = (conversationId: string, clientMessageId: string) => `${conversationId}\u0000${clientMessageId}`;
