// Every chat message bumps its Conversation row, so on PostgreSQL it waits for any transaction
// holding that row. Writers that change the row therefore write it last: routing's writes (a
// conditional change plus its RoutingEvent, both or neither) and ingest's full path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../channels/types.js';
import type { Db } from '../../server/db/client.js';
import { writeRouted } from '../../server/routing/routed-write.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';
import { randomId } from './support.js';

/**
 * PostgreSQL: runs `write` while another transaction holds the conversation's row, and returns
 * which of this schema's tables the write had already written when it was found waiting for it.
 */
async function tablesWrittenBeforeRowWait(prisma: Db, conversationId: string, write: () => Promise<unknown>): Promise<string[]> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const lockTaken = new Promise<void>((r) => (locked = r));
  const holder = prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT 1 FROM "Conversation" WHERE "id" = $1 FOR NO KEY UPDATE`, conversationId);
    locked();
    await held;
  }, { timeout: 10_000 });
  await lockTaken;
  const writing = write();
  let tables: string[] = [];
  try {
    for (let i = 0; i < 100 && tables.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const rows = await prisma.$queryRawUnsafe<{ table: string }[]>(
        `SELECT c.relname AS "table" FROM pg_stat_activity a
         JOIN pg_locks l ON l.pid = a.pid AND l.relation = '"Conversation"'::regclass
         JOIN pg_locks mine ON mine.pid = a.pid AND mine.mode = 'RowExclusiveLock'
         JOIN pg_class c ON c.oid = mine.relation AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
         WHERE a.wait_event_type = 'Lock'`,
      );
      tables = [...new Set(rows.map((r) => r.table))];
    }
  } finally {
    release();
    await holder;
    await writing;
  }
  return tables;
}

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let inboxId: string;

  const chat = (visitor: string, clientMessageId?: string): InboundMessage => ({ inboxId, channel: 'webchat', sender: { kind: 'visitor', value: visitor, verified: true }, text: 'hello', clientMessageId });
  async function openConversation(): Promise<{ id: string; visitor: string }> {
    const visitor = randomId('v');
    const { conversationId } = await server.app.ctx.ingest.receive(chat(visitor, randomId('c')));
    // Routing runs after the answer (server/after-io.ts): its own write must not be the one found waiting below.
    await server.app.ctx.routing.settled();
    return { id: conversationId, visitor };
  }
  const events = (conversationId: string, reason: string) => server.app.ctx.db.routingEvent.count({ where: { conversationId, reason } });

  beforeAll(async () => {
    server = await startTestServer(db);
    inboxId = (await server.app.ctx.db.inbox.findFirstOrThrow({ where: { channel: 'webchat' } })).id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a routing write stores the change and its event when the condition holds', async () => {
    const { id } = await openConversation();
    const reason = randomId('why');
    expect(await writeRouted(server.app.ctx.db, { where: { id }, data: { language: 'xx' }, event: { conversationId: id, action: 'corrected', reason } })).toBe(true);
    expect((await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id } })).language).toBe('xx');
    expect(await events(id, reason)).toBe(1);
  });

  it('stores neither when the condition no longer holds: the event, inserted first, is rolled back', async () => {
    const { id } = await openConversation();
    const reason = randomId('why');
    expect(await writeRouted(server.app.ctx.db, { where: { id, status: 'resolved' }, data: { language: 'yy' }, event: { conversationId: id, action: 'corrected', reason } })).toBe(false);
    expect(await events(id, reason)).toBe(0);
    expect((await server.app.ctx.db.conversation.findUniqueOrThrow({ where: { id } })).language).not.toBe('yy');
  });

  it('stores nothing when the read-first form returns null', async () => {
    const { id } = await openConversation();
    const reason = randomId('why');
    const write = { where: { id }, data: { language: 'zz' }, event: { conversationId: id, action: 'corrected', reason } };
    expect(await writeRouted(server.app.ctx.db, async (tx) => ((await tx.conversation.count({ where: { id, status: 'resolved' } })) ? write : null))).toBe(false);
    expect(await events(id, reason)).toBe(0);
  });

  // Row locks that make writers wait are PostgreSQL's; SQLite has one writer at a time.
  if (db === 'postgres') {
    it('a routing write takes the row last: waiting for it, the event is already inserted', async () => {
      const { id } = await openConversation();
      const reason = randomId('why');
      const tables = await tablesWrittenBeforeRowWait(server.app.ctx.db, id, () => writeRouted(server.app.ctx.db, { where: { id }, data: { language: 'ww' }, event: { conversationId: id, action: 'corrected', reason } }));
      expect(tables).toContain('Conversation'); // it was found waiting
      expect(tables).toContain('RoutingEvent');
      expect(await events(id, reason)).toBe(1);
    });

    it("ingest's full path takes the row last: waiting for it, the message is already inserted", async () => {
      const { id, visitor } = await openConversation();
      // No client id: not the hot path, so the whole transaction runs.
      const tables = await tablesWrittenBeforeRowWait(server.app.ctx.db, id, () => server.app.ctx.ingest.receive(chat(visitor)));
      expect(tables).toContain('Conversation');
      expect(tables).toContain('Message');
      expect(await server.app.ctx.db.message.count({ where: { conversationId: id } })).toBe(2);
    });

    it("a resolve that commits while ingest's full path waits for the row: the message goes to a new conversation, not the resolved one", async () => {
      const { id, visitor } = await openConversation();
      const ctx = server.app.ctx;
      await ctx.routing.settled(); // routing's own write on the new conversation is done
      let commit!: () => void;
      const held = new Promise<void>((r) => (commit = r));
      let locked!: () => void;
      const lockTaken = new Promise<void>((r) => (locked = r));
      const resolving = ctx.db.$transaction(async (tx) => {
        await tx.conversation.update({ where: { id }, data: { status: 'resolved', resolvedAt: new Date() } });
        locked();
        await held;
      }, { timeout: 10_000 });
      await lockTaken;
      const sending = ctx.ingest.receive(chat(visitor)); // no client id: the full path
      let waiting = 0;
      for (let i = 0; i < 250 && waiting === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        waiting = Number((await ctx.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE%"Conversation"%"lastCustomerMessageAt"%'`))[0]!.n);
      }
      expect(waiting).toBe(1);
      commit();
      await resolving;
      const sent = await sending;
      expect(sent.conversationId).not.toBe(id);
      expect(await ctx.db.message.count({ where: { conversationId: id } })).toBe(1);
      expect((await ctx.db.conversation.findUniqueOrThrow({ where: { id } })).status).toBe('resolved');
    });
  }
});
