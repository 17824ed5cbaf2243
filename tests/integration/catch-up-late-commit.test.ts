// Issue #10 on PostgreSQL: a message whose transaction took its id first but committed last must still
// reach clients that already caught up past that id (widget messages.sync and the console's
// "messages after"), and the clients' merges show every message once, in id order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeMessages as mergeConsole } from '../../agent-console/src/util.js';
import type { PublicMessage, StaffMessage } from '../../server/realtime/contract.js';
import { mergeMessages as mergeWidget } from '../../widget/src/store.js';
import { ADMIN, postgresUrl, startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, connectVisitor, emitOk, sendVisitorMessage, type Visitor } from './support.js';

const skipReason = postgresUrl() ? null : 'TEST_POSTGRES_URL is unset: out-of-order commits need PostgreSQL (SQLite commits one writer at a time)';
if (skipReason) console.warn(`late-commit catch-up test skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)(`catch-up after an out-of-order commit on PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let server: TestServer;
  let token: string;
  let inboxToken: string;
  const open: Visitor[] = [];

  beforeAll(async () => {
    server = await startTestServer('postgres');
    token = await server.login();
    inboxToken = await server.inboxToken();
  });
  afterAll(async () => {
    closeAll(...open.map((v) => v.socket));
    await server?.close();
  });

  const visitor = async (visitorToken?: string) => {
    const v = await connectVisitor(server.url, { inboxToken, ...(visitorToken ? { visitorToken } : {}) });
    open.push(v);
    return v;
  };
  const sync = (v: Visitor, afterId: number) => emitOk<PublicMessage[]>(v.socket, 'messages.sync', { afterId });
  const staffAfter = async (conversationId: string, after: number) =>
    (await server.api<{ messages: StaffMessage[] }>('GET', `/api/conversations/${conversationId}/messages?after=${after}`, { token })).body.messages;

  it('a message committed after a later id was synced comes back in the next sync, once', async () => {
    const db = server.app.ctx.db;
    const v = await visitor();
    const first = await sendVisitorMessage(v.socket, 'Hello, is anyone there?');
    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: first.conversationId }, select: { inboxId: true } });
    const adminId = (await db.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id;

    // An agent reply (as another node would write it) takes its id, then its transaction stays open.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let lateId!: (id: number) => void;
    const lateInserted = new Promise<number>((r) => (lateId = r));
    const held = db.$transaction(async (tx) => {
      const m = await tx.message.create({
        data: { conversationId: first.conversationId, inboxId: conversation.inboxId, direction: 'out', authorKind: 'agent', authorId: adminId, body: 'Late but here', deliveryStatus: 'queued', createdAt: new Date() },
        select: { id: true },
      });
      lateId(m.id);
      await gate;
    }, { timeout: 30_000 });
    const late = await lateInserted;

    let later: PublicMessage;
    let widgetSeen: PublicMessage[];
    let consoleSeen: StaffMessage[];
    try {
      // A later message commits first; both clients catch up past the late id.
      later = await sendVisitorMessage(v.socket, 'Still waiting');
      expect(later.id).toBeGreaterThan(late);
      widgetSeen = await sync(v, first.id);
      expect(widgetSeen.map((m) => m.id)).toContain(later.id);
      expect(widgetSeen.map((m) => m.id)).not.toContain(late);
      consoleSeen = await staffAfter(first.conversationId, first.id);
      expect(consoleSeen.map((m) => m.id)).toContain(later.id);
      expect(consoleSeen.map((m) => m.id)).not.toContain(late);
    } finally {
      release();
      await held;
    }

    // Now the late one commits: a reconnecting visitor and the console, syncing after `later`, get it.
    const resumed = await visitor(v.ready.visitorToken);
    const widgetAgain = await sync(resumed, later.id);
    expect(widgetAgain.map((m) => m.id)).toContain(late);
    const consoleAgain = await staffAfter(first.conversationId, later.id);
    expect(consoleAgain.map((m) => m.id)).toContain(late);

    // Merged into what each client held: every message once, in id order.
    const widgetList = mergeWidget(mergeWidget([], [first, ...widgetSeen]), widgetAgain);
    expect(widgetList.map((m) => m.id)).toEqual([first.id, late, later.id]);
    expect(mergeConsole(consoleSeen, consoleAgain).map((m) => m.id)).toEqual([first.id, late, later.id]);
  });
});
