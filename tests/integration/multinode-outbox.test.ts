// Jobs exactly once across nodes: two outbox workers with their own connection pools (two nodes)
// on one PostgreSQL drain the same jobs at the same time; every job runs once (twice when its
// first attempt fails), and a worker whose lease ran out cannot undo the next owner's outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/client.js';
import { migrate } from '../../server/db/migrate.js';
import { databaseTarget } from '../../server/db/target.js';
import { createLogger } from '../../server/log.js';
import { OutboxWorker } from '../../server/outbox/outbox.js';
import { clusterEnv, postgresUnavailable, type ClusterEnv } from '../helpers/cluster.js';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`multi-node outbox tests skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)(`outbox on two nodes, one PostgreSQL${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let shared: ClusterEnv;
  let dbA: Db;
  let dbB: Db;
  const log = createLogger('silent');

  beforeAll(async () => {
    shared = clusterEnv();
    const target = databaseTarget({ DATABASE_URL: shared.databaseUrl });
    await migrate(target);
    [dbA, dbB] = await Promise.all([openDatabase(target), openDatabase(target)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([dbA?.$disconnect(), dbB?.$disconnect()]);
    await shared?.cleanup();
  });

  it('two workers draining 400 jobs at once run each exactly once (a failed first attempt, exactly twice)', async () => {
    const runs = new Map<string, number>();
    const byWorker = { A: 0, B: 0 };
    const workers = (['A', 'B'] as const).map((name) => {
      const w = new OutboxWorker(name === 'A' ? dbA : dbB, log);
      w.handle('test.count', async (payload, job) => {
        runs.set(String(payload.n), (runs.get(String(payload.n)) ?? 0) + 1);
        byWorker[name]++;
        await new Promise((r) => setTimeout(r, Math.random() * 2));
        if (payload.failFirst && job.attempts === 1) throw new Error('first attempt fails');
      });
      return w;
    });
    await dbA.outboxJob.createMany({ data: Array.from({ length: 400 }, (_, n) => ({ kind: 'test.count', payload: { n, failFirst: n % 10 === 0 } })) });

    await Promise.all(workers.map((w) => w.drain()));
    // The failed ones wait for their backoff: make them due and drain on both nodes again.
    await dbA.outboxJob.updateMany({ where: { kind: 'test.count', status: 'pending' }, data: { runAfter: new Date(0) } });
    await Promise.all(workers.map((w) => w.drain()));

    expect(runs.size).toBe(400);
    const wrong = [...runs].filter(([n, count]) => count !== (Number(n) % 10 === 0 ? 2 : 1));
    expect(wrong).toEqual([]);
    expect(byWorker.A).toBeGreaterThan(0); // both nodes really took part
    expect(byWorker.B).toBeGreaterThan(0);
    expect(await dbA.outboxJob.count({ where: { kind: 'test.count', status: { not: 'done' } } })).toBe(0);
  });

  it('a worker that outlived its lease cannot reset the job the next owner finished', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const slow = new OutboxWorker(dbA, log);
    slow.handle('test.lease', async () => {
      started();
      await gate;
      throw new Error('gave up long after the lease ended');
    });
    let fastRuns = 0;
    const fast = new OutboxWorker(dbB, log);
    fast.handle('test.lease', async () => void fastRuns++);
    const job = await dbA.outboxJob.create({ data: { kind: 'test.lease', payload: {} } });

    const slowRun = slow.drain();
    await running;
    await dbA.outboxJob.update({ where: { id: job.id }, data: { lockedUntil: new Date(Date.now() - 1_000) } }); // the lease ran out
    await fast.drain();
    release();
    await slowRun;

    expect(fastRuns).toBe(1);
    expect(await dbA.outboxJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: 'done', lastError: null });
    await Promise.all([slow.drain(), fast.drain()]);
    expect(fastRuns).toBe(1);
  });
});
