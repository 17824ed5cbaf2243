// The chat hot path stores batches in plain SQL beside Prisma: what it writes must read back
// through Prisma exactly, retries must not duplicate, and on SQLite it must never write inside
// another caller's open transaction (which would roll the acked message back with it).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InboundMessage } from '../../channels/types.js';
import type { IngestResult } from '../../server/ingest/ingest.js';
import { LAST_MESSAGE_AT_STEP_MS } from '../../server/ingest/message-store.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { randomId } from './support.js';

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let inboxId: string;

  const chat = (visitor: string, text: string, clientMessageId = randomId('c')): InboundMessage => ({
    inboxId, channel: 'webchat', sender: { kind: 'visitor', value: visitor, verified: true }, text, clientMessageId,
  });
  /** A visitor with an open conversation: their next messages take the hot path. */
  async function openConversation(): Promise<{ visitor: string; first: IngestResult }> {
    const visitor = randomId('hot');
    return { visitor, first: await server.app.ctx.ingest.receive(chat(visitor, 'hello')) };
  }

  beforeAll(async () => {
    server = await startTestServer(db);
    inboxId = (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stores a message that reads back through Prisma as acked, and bumps the conversation', async () => {
    const { visitor, first } = await openConversation();
    // A minute of silence: lastMessageAt is far enough behind to move (LAST_MESSAGE_AT_STEP_MS).
    await server.app.ctx.db.conversation.update({ where: { id: first.conversationId }, data: { lastMessageAt: new Date(Date.now() - 60_000) } });
    const stored = await server.app.ctx.ingest.receive(chat(visitor, 'Où est ma commande ? 订单 "quoted" \'x\''));
    expect(stored.created).toBe(true);
    const row = await server.app.ctx.db.message.findUniqueOrThrow({ where: { id: stored.messageId } });
    expect(row).toMatchObject({ conversationId: first.conversationId, inboxId, direction: 'in', authorKind: 'customer', private: false, deliveryStatus: 'delivered', body: 'Où est ma commande ? 订单 "quoted" \'x\'' });
    expect(row.createdAt.getTime()).toBe(stored.createdAt!.getTime());
    const conversation = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } });
    expect(conversation.lastMessageAt.getTime()).toBe(stored.createdAt!.getTime());
    expect(conversation.lastCustomerMessageAt?.getTime()).toBe(stored.createdAt!.getTime());
    // Ordered by time with rows Prisma wrote: the same stored format on both paths.
    const newest = await server.app.ctx.db.message.findFirstOrThrow({ where: { conversationId: first.conversationId }, orderBy: { createdAt: 'desc' } });
    expect(newest.id).toBe(stored.messageId);
  });

  it('a message within a second of the last one moves lastCustomerMessageAt but leaves lastMessageAt (an unchanged index key)', async () => {
    const { visitor, first } = await openConversation();
    const opened = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } });
    const soon = await server.app.ctx.ingest.receive(chat(visitor, 'right after'));
    const conversation = await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } });
    expect(soon.createdAt!.getTime() - opened.lastMessageAt.getTime()).toBeLessThan(LAST_MESSAGE_AT_STEP_MS);
    expect(conversation.lastMessageAt.getTime()).toBe(opened.lastMessageAt.getTime());
    expect(conversation.lastCustomerMessageAt?.getTime()).toBe(soon.createdAt!.getTime());
  });

  // PostgreSQL only: HOT updates are its notion. A bump that changes no indexed column stays HOT.
  if (db === 'postgres') it('no Conversation index covers a column every chat message changes', async () => {
    const rows = await server.app.ctx.db.$queryRawUnsafe<{ column: string }[]>(
      `SELECT a.attname AS "column" FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = '"Conversation"'::regclass`,
    );
    const indexed = new Set(rows.map((r) => r.column));
    expect(indexed.has('lastMessageAt')).toBe(true); // the list's order: moved once a second at most
    expect(indexed.has('lastCustomerMessageAt')).toBe(false);
    expect(indexed.has('updatedAt')).toBe(false);
  });

  /** Runs `run` with the cache's clock past every entry's life, counting full-path stores and open-checks. */
  async function afterLapse<T>(run: () => Promise<T>): Promise<{ result: T; fullPaths: number; checks: number }> {
    const ingest = server.app.ctx.ingest as unknown as { receiveFull(m: InboundMessage): Promise<IngestResult>; openCheck(id: string): Promise<string | null> };
    const full = vi.spyOn(ingest, 'receiveFull');
    const check = vi.spyOn(ingest, 'openCheck');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 120_000); // past the longest cache entry's life
      return { result: await run(), fullPaths: full.mock.calls.length, checks: check.mock.calls.length };
    } finally {
      vi.useRealTimers();
      full.mockRestore();
      check.mockRestore();
    }
  }

  it('a chat that paused past its cache entry resumes on the hot path: a burst makes one open-check between them and no full-path transaction', async () => {
    const { visitor, first } = await openConversation();
    const { result: burst, fullPaths, checks } = await afterLapse(() => Promise.all(Array.from({ length: 20 }, (_, i) => server.app.ctx.ingest.receive(chat(visitor, `burst ${i}`)))));
    expect(checks).toBe(1);
    expect(fullPaths).toBe(0);
    expect(burst.every((r) => r.created && r.conversationId === first.conversationId)).toBe(true);
    expect(await server.app.ctx.db.message.count({ where: { conversationId: first.conversationId, body: { startsWith: 'burst ' } } })).toBe(20);
  });

  it('resolved behind a stale entry (no event reached this node): a burst runs one full-path transaction, the rest wait for it, all in the new conversation', async () => {
    const { visitor, first } = await openConversation();
    await server.app.ctx.db.conversation.update({ where: { id: first.conversationId }, data: { status: 'resolved', resolvedAt: new Date() } });
    const { result: burst, fullPaths, checks } = await afterLapse(() => Promise.all(Array.from({ length: 20 }, (_, i) => server.app.ctx.ingest.receive(chat(visitor, `after ${i}`)))));
    expect(checks).toBe(1);
    expect(fullPaths).toBe(1);
    const next = burst[0]!.conversationId;
    expect(next).not.toBe(first.conversationId);
    expect(burst.every((r) => r.created && r.conversationId === next)).toBe(true);
    expect(await server.app.ctx.db.message.count({ where: { conversationId: next } })).toBe(20);
  });

  it('a retried client id, later or in the same batch, is stored once and answered with the first copy', async () => {
    const { visitor, first } = await openConversation();
    const clientId = randomId('retry');
    const [a, b] = await Promise.all([server.app.ctx.ingest.receive(chat(visitor, 'twice', clientId)), server.app.ctx.ingest.receive(chat(visitor, 'twice', clientId))]);
    const later = await server.app.ctx.ingest.receive(chat(visitor, 'twice', clientId));
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(new Set([a.messageId, b.messageId, later.messageId]).size).toBe(1);
    expect(later.created).toBe(false);
    expect(later.createdAt?.getTime()).toBe((a.created ? a : b).createdAt?.getTime());
    expect(await server.app.ctx.db.message.count({ where: { conversationId: first.conversationId, clientMessageId: clientId } })).toBe(1);
  });

  it("a write during another caller's open transaction survives that transaction's rollback", async () => {
    const { visitor, first } = await openConversation();
    const ctx = server.app.ctx;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const rolledBack = ctx.db.$transaction(async (tx) => {
      await tx.conversation.update({ where: { id: first.conversationId }, data: { subject: 'to be rolled back' } });
      entered();
      await new Promise((r) => setTimeout(r, 150));
      throw new Error('roll back');
    }).catch((err: Error) => err.message);
    await inside;
    const stored = await ctx.ingest.receive(chat(visitor, 'sent while a transaction was open'));
    expect(await rolledBack).toBe('roll back');
    expect(await ctx.db.message.findUnique({ where: { id: stored.messageId } })).not.toBeNull();
    expect((await ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } })).subject).toBeNull();
  });

  it('a bad row fails alone: its batch neighbours are stored', async () => {
    const { visitor, first } = await openConversation();
    const other = await openConversation();
    // The batcher is internal; a row naming an inbox that does not exist fails its foreign key.
    const batcher = (server.app.ctx.ingest as unknown as { batcher: { write(r: object): Promise<{ id: number } | null> } }).batcher;
    const [bad, good] = await Promise.allSettled([
      batcher.write({ conversationId: other.first.conversationId, inboxId: 'no-such-inbox', body: 'orphan', clientMessageId: randomId('c') }),
      server.app.ctx.ingest.receive(chat(visitor, 'neighbour')),
    ]);
    expect(bad.status).toBe('rejected');
    expect(good.status).toBe('fulfilled');
    const id = (good as PromiseFulfilledResult<IngestResult>).value.messageId;
    expect((await server.app.ctx.db.message.findUniqueOrThrow({ where: { id } })).conversationId).toBe(first.conversationId);
  });

  it('a row for a conversation that is gone (merged away) stores nothing and answers null, beside stored neighbours', async () => {
    const { visitor } = await openConversation();
    const batcher = (server.app.ctx.ingest as unknown as { batcher: { write(r: object): Promise<{ id: number } | null> } }).batcher;
    const [gone, good] = await Promise.all([
      batcher.write({ conversationId: 'no-such-conversation', inboxId, body: 'orphan', clientMessageId: randomId('c') }),
      server.app.ctx.ingest.receive(chat(visitor, 'neighbour')),
    ]);
    expect(gone).toBeNull();
    expect(good.created).toBe(true);
  });

  it('the first customer message after an agent reply starts the next-response clock', async () => {
    const { visitor, first } = await openConversation();
    const ctx = server.app.ctx;
    const conversation = await ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } });
    const policy = await ctx.db.slaPolicy.findUniqueOrThrow({ where: { priority: conversation.priority } });
    // As an agent reply leaves it: answered, no next-response clock running.
    await ctx.db.conversation.update({ where: { id: first.conversationId }, data: { firstResponseAt: new Date(), nextResponseDueAt: null } });
    const before = Date.now();
    await Promise.all([ctx.ingest.receive(chat(visitor, 'one more thing')), ctx.ingest.receive(chat(visitor, 'and another'))]);
    await ctx.routing.settled();
    const due = (await ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } })).nextResponseDueAt;
    expect(due).not.toBeNull();
    expect(due!.getTime()).toBeGreaterThanOrEqual(before + policy.nextResponseSec * 1000);
    expect(due!.getTime()).toBeLessThanOrEqual(Date.now() + policy.nextResponseSec * 1000);
  });

  // SQLite only: PostgreSQL checkpoints in its own server processes.
  if (db === 'sqlite') it('after the first chat message, WAL checkpoints leave the serving connection for a worker', async () => {
    const autocheckpoint = async () => Number(((await server.app.ctx.db.$queryRawUnsafe('PRAGMA wal_autocheckpoint')) as { wal_autocheckpoint: number | bigint }[])[0]!.wal_autocheckpoint);
    const { visitor } = await openConversation();
    await server.app.ctx.ingest.receive(chat(visitor, 'starts the checkpoint worker'));
    const deadline = Date.now() + 5000;
    while ((await autocheckpoint()) !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await autocheckpoint()).toBe(0);
  });

  it('resolved behind a fresh cache entry (no event reached this node): the write is conditional, so the message opens a new conversation instead of landing in the resolved one', async () => {
    const { visitor, first } = await openConversation();
    await server.app.ctx.db.conversation.update({ where: { id: first.conversationId }, data: { status: 'resolved', resolvedAt: new Date() } });
    const [a, b] = await Promise.all([server.app.ctx.ingest.receive(chat(visitor, 'still there?')), server.app.ctx.ingest.receive(chat(visitor, 'hello?'))]);
    expect(a.conversationId).not.toBe(first.conversationId);
    expect(b.conversationId).toBe(a.conversationId);
    expect(a.isNewConversation || b.isNewConversation).toBe(true);
    expect(await server.app.ctx.db.message.count({ where: { conversationId: first.conversationId } })).toBe(1);
    expect(await server.app.ctx.db.message.count({ where: { conversationId: a.conversationId } })).toBe(2);
  });

  it('snoozed behind the cache: the message takes the full path, which reopens the same conversation', async () => {
    const { visitor, first } = await openConversation();
    await server.app.ctx.db.conversation.update({ where: { id: first.conversationId }, data: { status: 'snoozed' } });
    const next = await server.app.ctx.ingest.receive(chat(visitor, 'back from my break'));
    expect(next.conversationId).toBe(first.conversationId);
    expect((await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } })).status).toBe('open');
  });

  it('a retry of a message stored before the conversation was resolved is answered with the first copy, not stored again', async () => {
    const { visitor, first } = await openConversation();
    const clientId = randomId('retry');
    const original = await server.app.ctx.ingest.receive(chat(visitor, 'sent once', clientId));
    await server.app.ctx.db.conversation.update({ where: { id: first.conversationId }, data: { status: 'resolved', resolvedAt: new Date() } });
    const retry = await server.app.ctx.ingest.receive(chat(visitor, 'sent once', clientId));
    expect(retry).toMatchObject({ created: false, messageId: original.messageId });
    expect(await server.app.ctx.db.message.count({ where: { clientMessageId: clientId } })).toBe(1);
  });

  // Row locks are PostgreSQL's: there a resolve may commit while the chat statement waits for the row.
  if (db === 'postgres') it('a resolve that commits while a chat message waits for the conversation row: the message does not land in the resolved conversation', async () => {
    const { visitor, first } = await openConversation();
    const ctx = server.app.ctx;
    let commit!: () => void;
    const held = new Promise<void>((r) => (commit = r));
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    const resolving = ctx.db.$transaction(async (tx) => {
      await tx.conversation.update({ where: { id: first.conversationId }, data: { status: 'resolved', resolvedAt: new Date() } });
      locked();
      await held;
    }, { timeout: 10_000 });
    await lockTaken;
    const sending = ctx.ingest.receive(chat(visitor, 'typed while the agent resolved'));
    // A positive signal: the chat statement is waiting for the row lock.
    let waiting = 0;
    for (let i = 0; i < 250 && waiting === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      waiting = Number((await ctx.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO "Message"%'`))[0]!.n);
    }
    expect(waiting).toBe(1);
    commit();
    await resolving;
    const sent = await sending;
    expect(sent.conversationId).not.toBe(first.conversationId);
    expect(await ctx.db.message.count({ where: { conversationId: first.conversationId } })).toBe(1);
  });
});
