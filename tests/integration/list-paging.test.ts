// Issue #19: keyset paging of GET /api/conversations. Walking every page with nextCursor returns each
// matching conversation exactly once and in order (many share a lastMessageAt), also while new
// conversations arrive between pages; old `before` clients still page; a forged cursor is a 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/client.js';
import type { ConversationSummary } from '../../server/realtime/contract.js';
import { seedConversations, type ListSeed } from '../helpers/list-seed.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';

type Page = { conversations: ConversationSummary[]; nextCursor: string | null };

describe.each(databases())('conversation list paging (%s)', (kind) => {
  let server: TestServer;
  let db: Db;
  let token: string;
  let seed: ListSeed;

  beforeAll(async () => {
    server = await startTestServer(kind);
    db = server.app.ctx.db;
    token = await server.login();
    // Seven conversations share each lastMessageAt: pages must split ties by id, never skip or repeat.
    seed = await seedConversations(db, 700, { tieEvery: 7, now: new Date(Date.now() - 60_000) });
  }, 60_000);
  afterAll(async () => server?.close());

  const page = async (qs: string) => {
    const res = await server.api<Page>('GET', `/api/conversations?${qs}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  /** Walks every page; after the first two, `arrive` adds conversations. */
  async function walk(qs: string, arrive?: () => Promise<void>) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: Page = await page(`${qs}&limit=25${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.conversations.map((c) => c.id));
      cursor = p.nextCursor;
      if (++pages === 2 && arrive) await arrive();
    } while (cursor);
    return seen;
  }

  const cases: [string, Record<string, unknown>, 'desc' | 'asc'][] = [
    ['status=all', {}, 'desc'],
    ['status=resolved&sort=oldest', { status: 'resolved' }, 'asc'],
    ['status=resolved&channel=email', { status: 'resolved', channel: 'email' }, 'desc'],
  ];
  for (const [qs, where, dir] of cases) {
    it(`${qs}: every conversation once, in (lastMessageAt, id) order, while new ones arrive`, async () => {
      const expected = (await db.conversation.findMany({ where, orderBy: [{ lastMessageAt: dir }, { id: dir }], select: { id: true } })).map((c) => c.id);
      expect(expected.length).toBeGreaterThan(50);
      const arrived: string[] = [];
      const seen = await walk(qs, async () => {
        for (let i = 0; i < 5; i++) {
          const c = await db.conversation.create({ data: { inboxId: seed.inboxId, customerId: seed.customerIds[i]!, channel: 'email', status: (where.status as string) ?? 'open', lastMessageAt: new Date() } });
          arrived.push(c.id);
        }
      });
      expect(new Set(seen).size).toBe(seen.length);
      // Newest-first lists see arrivals on a refresh, not mid-walk; oldest-first ones meet them at the end.
      expect(seen.filter((id) => !arrived.includes(id))).toEqual(expected);
      if (dir === 'asc') expect(seen.slice(-arrived.length)).toEqual(arrived);
      await db.conversation.deleteMany({ where: { id: { in: arrived } } });
    }, 60_000);
  }

  it('filters combine: mine, unassigned, a team, a type and a customer', async () => {
    const agent = seed.agentIds[0]!;
    const mineIds = (await page(`status=all&assigneeId=${agent}&limit=200`)).conversations;
    expect(mineIds.length).toBeGreaterThan(0);
    expect(mineIds.every((c) => c.assigneeId === agent)).toBe(true);
    const unassigned = (await page('filter=unassigned&status=open&limit=200')).conversations;
    expect(unassigned.every((c) => c.assigneeId === null && c.status === 'open')).toBe(true);
    const team = seed.teamIds[0]!;
    const typed = (await page(`status=resolved&teamId=${team}&type=billing&priority=2&limit=200`)).conversations;
    expect(typed.every((c) => c.teamId === team && c.type === 'billing' && c.priority === 2 && c.status === 'resolved')).toBe(true);
    expect(typed.length).toBe(await db.conversation.count({ where: { status: 'resolved', teamId: team, type: 'billing', priority: 2 } }));
    const customer = seed.customerIds[3]!;
    const theirs = (await page(`status=all&customerId=${customer}&limit=200`)).conversations;
    expect(theirs.map((c) => c.id).sort()).toEqual((await db.conversation.findMany({ where: { customerId: customer }, select: { id: true } })).map((c) => c.id).sort());
  });

  it('an old client paging by `before` still gets older conversations only', async () => {
    const first = await page('status=all&limit=10');
    const before = first.conversations[first.conversations.length - 1]!.lastMessageAt;
    const next = await page(`status=all&limit=10&before=${encodeURIComponent(before)}`);
    expect(next.conversations.length).toBe(10);
    expect(next.conversations.every((c) => c.lastMessageAt < before)).toBe(true);
  });

  it('the customer list (no q) walks every live customer once, most recently changed first', async () => {
    const expected = (await db.customer.findMany({ where: { mergedIntoId: null }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], select: { id: true } })).map((c) => c.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { customers: { id: string }[]; nextCursor: string | null } } = await server.api('GET', `/api/customers?limit=40${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(res.status).toBe(200);
      seen.push(...res.body.customers.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(expected.length).toBeGreaterThan(100);
    expect(seen).toEqual(expected);
  });

  it('a forged cursor, or filter and assigneeId together, is a 400 naming the field', async () => {
    const bad = await server.api<{ code: string; message: string }>('GET', '/api/conversations?cursor=not-a-cursor', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^cursor:/);
    const both = await server.api<{ code: string; message: string }>('GET', `/api/conversations?filter=mine&assigneeId=${seed.agentIds[0]}`, { token });
    expect(both.status).toBe(400);
    expect(both.body.message).toMatch(/^assigneeId:/);
  });
});
