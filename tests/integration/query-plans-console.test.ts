// Issue #19: every console list (each filter combination x sort, first and later pages) is an index
// seek in the list's order on SQLite and PostgreSQL: no table scan, no sort of a large list. The SQL
// is the list's own (listSql), EXPLAINed over a year-shaped spread of conversations.
// PLAN_DUMP=<file> writes every wrong plan there (the assertion shows the first ten).
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_SORTS, listSql, type ListFilter } from '../../server/conversations/list-query.js';
import { customerListSql } from '../../server/customers/list.js';
import type { Db } from '../../server/db/client.js';
import { seedConversations, type ListSeed } from '../helpers/list-seed.js';
import { checkPlan } from '../helpers/query-plan.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';

const CONVERSATIONS = 20_000;
/** A list of at most 1% of the conversations is small enough to sort. */
const SMALL_LIST = CONVERSATIONS / 100;

/** Every combination of the list's filters, each either unset or set to one value. */
function combinations(seed: ListSeed): ListFilter[] {
  const out: ListFilter[] = [];
  // A later page a month into the list from either end, so most of the list is still ahead of it.
  const cursors = { recent: { at: new Date(Date.now() - 30 * 86_400_000), id: 'cmzzzzzzzzzzzzzzzzzzzzzzz' }, oldest: { at: new Date(Date.now() - 335 * 86_400_000), id: 'c' } };
  for (const status of ['all', 'open', 'pending', 'snoozed', 'resolved'] as const)
    for (const channel of [undefined, 'sms'])
      for (const teamId of [undefined, seed.teamIds[0]])
        for (const assigneeId of [undefined, null, seed.agentIds[0]])
          for (const type of [undefined, 'billing'])
            for (const priority of [undefined, 2])
              for (const customerId of [undefined, seed.customerIds[0]])
                for (const sort of LIST_SORTS)
                  for (const c of [undefined, cursors[sort]]) out.push({ status, channel, teamId, assigneeId, type, priority, customerId, sort, cursor: c, limit: 50 });
  return out;
}

/** A filter an index can lead with: on SQLite the plan must seek on it. */
const seekable = (f: ListFilter) => (f.status !== undefined && f.status !== 'all') || !!f.channel || !!f.teamId || f.assigneeId !== undefined || !!f.customerId;

describe.each(databases())('console list query plans (%s)', (kind) => {
  let server: TestServer;
  let db: Db;
  let seed: ListSeed;

  beforeAll(async () => {
    server = await startTestServer(kind);
    db = server.app.ctx.db;
    seed = await seedConversations(db, CONVERSATIONS);
    // PostgreSQL plans from statistics (autovacuum gathers them on a real server); SQLite's product runs without.
    if (kind === 'postgres') await db.$executeRawUnsafe('ANALYZE "Conversation", "Customer"');
  }, 120_000);
  afterAll(async () => server?.close());

  /** The only problem is a sort, and what it sorts (the list from the cursor on, counted, not estimated) is small. */
  const smallSort = async (problems: string[], f: ListFilter) =>
    problems.length > 0 && problems.every((p) => p.startsWith('sort:')) && (await db.$queryRaw<unknown[]>(listSql({ ...f, limit: SMALL_LIST }))).length <= SMALL_LIST;

  it('every filter combination x sort x page is an ordered index seek', async () => {
    const bad: string[] = [];
    const all = combinations(seed);
    for (const f of all) {
      const { plan, problems } = await checkPlan(db, kind, listSql(f), 'Conversation', 'c', kind === 'sqlite' && seekable(f));
      // PostgreSQL plans by statistics and may sort what a narrower index found: only when that is a small list.
      if (kind === 'postgres' && (await smallSort(problems, f))) continue;
      if (problems.length) bad.push(`${JSON.stringify({ ...f, limit: undefined })}\n  ${problems.join('; ')}\n  plan: ${plan.replace(/\n/g, ' | ')}`);
    }
    expect(all.length).toBe(1920);
    if (process.env.PLAN_DUMP) writeFileSync(process.env.PLAN_DUMP, bad.join("\n"));
    expect(bad.slice(0, 10).join('\n'), `${bad.length} of ${all.length} plans are wrong`).toBe('');
  }, 120_000);

  // The product may gather statistics (ANALYZE / PRAGMA optimize): SQLite then plans by them, and must still neither scan nor sort.
  if (kind === 'sqlite') it('with statistics (after ANALYZE), SQLite still neither scans nor sorts a large list', async () => {
    await db.$executeRawUnsafe('ANALYZE');
    const bad: string[] = [];
    for (const f of combinations(seed)) {
      const { plan, problems } = await checkPlan(db, kind, listSql(f), 'Conversation', 'c', false);
      // By its statistics SQLite may seek a narrower index and sort what it finds: fine for a small list (as on PostgreSQL).
      if (await smallSort(problems, f)) continue;
      if (problems.length) bad.push(`${JSON.stringify({ ...f, limit: undefined })}: ${problems.join('; ')} | ${plan.replace(/\n/g, ' | ')}`);
    }
    if (process.env.PLAN_DUMP) writeFileSync(process.env.PLAN_DUMP, bad.join("\n"));
    expect(bad.slice(0, 10).join('\n'), `${bad.length} plans are wrong`).toBe('');
  }, 120_000);

  it('the customer list is an ordered index seek, first and later pages', async () => {
    const cursor = { at: new Date(), id: 'cmzzzzzzzzzzzzzzzzzzzzzzz' };
    for (const c of [undefined, cursor]) {
      const { plan, problems } = await checkPlan(db, kind, customerListSql({ limit: 50, cursor: c }), 'Customer', 'cu', kind === 'sqlite');
      expect(problems, plan).toEqual([]);
    }
  });
});
