// Issue #19: a conversation opens with its newest 50 messages; older ones page in with
// GET /api/conversations/:id/messages?before=<id>; the realtime catch-up (?after=) is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffMessage } from '../../server/realtime/contract.js';
import { seedConversations } from '../helpers/list-seed.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';

type Detail = { id: string; messages: StaffMessage[]; hasOlder: boolean };
type Older = { messages: StaffMessage[]; hasOlder: boolean };

describe.each(databases())('conversation open and older messages (%s)', (kind) => {
  let server: TestServer;
  let token: string;
  let conversationId: string;
  let ids: number[];

  beforeAll(async () => {
    server = await startTestServer(kind);
    token = await server.login();
    const db = server.app.ctx.db;
    const seed = await seedConversations(db, 3);
    const c = await db.conversation.findFirstOrThrow({ where: { inboxId: seed.inboxId } });
    conversationId = c.id;
    const t0 = Date.now() - 3_600_000;
    await db.message.createMany({
      data: Array.from({ length: 130 }, (_, i) => ({ conversationId, inboxId: c.inboxId, direction: i % 2 ? 'out' : 'in', authorKind: i % 2 ? 'agent' : 'customer', body: `message ${i}`, private: i === 77, createdAt: new Date(t0 + i * 1000) })),
    });
    ids = (await db.message.findMany({ where: { conversationId }, orderBy: { id: 'asc' }, select: { id: true } })).map((m) => m.id);
  }, 60_000);
  afterAll(async () => server?.close());

  it('opens with the newest 50 in order and says there are older ones', async () => {
    const res = await server.api<Detail>('GET', `/api/conversations/${conversationId}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m) => m.id)).toEqual(ids.slice(-50));
    expect(res.body.hasOlder).toBe(true);
  });

  it('pages older messages until the first, each once, private notes included for staff', async () => {
    const got: number[] = (await server.api<Detail>('GET', `/api/conversations/${conversationId}`, { token })).body.messages.map((m) => m.id);
    let hasOlder = true;
    let pages = 0;
    while (hasOlder) {
      const res = await server.api<Older>('GET', `/api/conversations/${conversationId}/messages?before=${got[0]}&limit=40`, { token });
      expect(res.status).toBe(200);
      expect(res.body.messages.length).toBeLessThanOrEqual(40);
      got.unshift(...res.body.messages.map((m) => m.id));
      hasOlder = res.body.hasOlder;
      pages++;
    }
    expect(pages).toBe(2);
    expect(got).toEqual(ids);
  });

  it('catch-up after an id still returns what follows it', async () => {
    const res = await server.api<{ messages: StaffMessage[] }>('GET', `/api/conversations/${conversationId}/messages?after=${ids[99]}`, { token });
    expect(res.body.messages.map((m) => m.id)).toEqual(ids.slice(100));
  });

  it('before and after together, or a bad before, is a 400 naming the field', async () => {
    for (const qs of [`before=${ids[10]}&after=${ids[5]}`, 'before=0', 'before=abc']) {
      const res = await server.api<{ field?: string; message: string }>('GET', `/api/conversations/${conversationId}/messages?${qs}`, { token });
      expect(res.status, qs).toBe(400);
      expect(res.body.message, qs).toMatch(/^before:/);
    }
  });
});
