// Outbox lanes: jobs for one destination run in order in their own lane, lanes run side by side
// (bounded), and a destination that hangs or fails holds back only its own lane.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/client.js';
import { migrate } from '../../server/db/migrate.js';
import { databaseTarget, type DatabaseTarget } from '../../server/db/target.js';
import { createLogger } from '../../server/log.js';
import { enqueue, MAX_LANES, OutboxWorker } from '../../server/outbox/outbox.js';
import { clusterEnv, type ClusterEnv } from '../helpers/cluster.js';
import { databases } from '../helpers/server.js';

const log = createLogger('silent');

describe.each(databases())('%s', (kind) => {
  let db: Db;
  let dir: string | undefined;
  let shared: ClusterEnv | undefined;

  beforeAll(async () => {
    let target: DatabaseTarget;
    if (kind === 'postgres') {
      shared = clusterEnv();
      target = databaseTarget({ DATABASE_URL: shared.databaseUrl });
    } else {
      dir = mkdtempSync(path.join(tmpdir(), 'sb-lanes-'));
      target = { provider: 'sqlite', file: path.join(dir, 'lanes.db') };
    }
    await migrate(target);
    db = await openDatabase(target);
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await shared?.cleanup();
  });

  it('a destination that never answers holds back only its own lane: a reply enqueued behind six of its jobs runs at once', async () => {
    const worker = new OutboxWorker(db, log);
    let hung = 0;
    let unblock!: () => void;
    const never = new Promise<void>((r) => (unblock = r));
    worker.handle('test.webhook', async () => {
      hung++;
      await never;
    });
    let delivered!: () => void;
    const reply = new Promise<void>((r) => (delivered = r));
    worker.handle('test.reply', async () => delivered());
    for (let n = 0; n < 6; n++) await enqueue(db, 'test.webhook', { n }, { lane: 'webhook:dead-endpoint' });
    worker.start();
    worker.kick();
    for (let i = 0; i < 100 && hung === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(hung).toBe(1); // the dead endpoint's lane is busy with its first job

    await enqueue(db, 'test.reply', { messageId: 1 }, { lane: 'deliver:inbox-1' });
    worker.kick();
    await reply; // a positive signal: it ran while the dead lane still hangs
    expect(hung).toBe(1); // one at a time in a lane: the other five wait their turn
    unblock();
    await worker.stop();
    await worker.drain();
    expect(hung).toBe(6);
    expect(await db.outboxJob.count({ where: { kind: { in: ['test.webhook', 'test.reply'] }, status: { not: 'done' } } })).toBe(0);
  });

  it('a failed job pauses its lane (per-destination backoff) while other lanes carry on, and jobs of a lane keep their order', async () => {
    const worker = new OutboxWorker(db, log);
    const ran: string[] = [];
    worker.handle('test.dest', async (payload) => {
      ran.push(String(payload.name));
      if (payload.fail) throw new Error('connection refused');
    });
    await enqueue(db, 'test.dest', { name: 'a1', fail: true }, { lane: 'dest:a' });
    await enqueue(db, 'test.dest', { name: 'a2' }, { lane: 'dest:a' });
    for (const name of ['b1', 'b2', 'b3']) await enqueue(db, 'test.dest', { name }, { lane: 'dest:b' });
    await worker.drain();
    expect(ran.filter((n) => n.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
    expect(ran).toContain('a1');
    expect(ran).not.toContain('a2'); // its destination just failed: it waits for the lane's backoff
    const a2 = (await db.outboxJob.findMany({ where: { kind: 'test.dest' } })).find((j) => (j.payload as { name: string }).name === 'a2');
    expect(a2).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it(`runs at most ${MAX_LANES} lanes at once`, async () => {
    const worker = new OutboxWorker(db, log);
    let running = 0;
    let most = 0;
    let open!: () => void;
    const full = new Promise<void>((r) => (open = r));
    worker.handle('test.wide', async () => {
      running++;
      most = Math.max(most, running);
      if (running === MAX_LANES) open();
      await full; // every handler waits until the node has filled all its lanes
      running--;
    });
    for (let n = 0; n < MAX_LANES * 3; n++) await enqueue(db, 'test.wide', { n }, { lane: `wide:${n}` });
    await worker.drain();
    expect(most).toBe(MAX_LANES);
    expect(await db.outboxJob.count({ where: { kind: 'test.wide', status: 'done' } })).toBe(MAX_LANES * 3);
  });
});
