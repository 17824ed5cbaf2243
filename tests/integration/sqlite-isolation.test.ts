// SQLite runs every Prisma call on one connection: no query may land inside another caller's open
// transaction (and vanish with its rollback), and a failed COMMIT or ROLLBACK must free the connection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/client.js';
import { migrate } from '../../server/db/migrate.js';

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sb-sqlite-iso-'));
  const target = { provider: 'sqlite' as const, file: path.join(dir, 'test.db') };
  await migrate(target);
  db = await openDatabase(target);
});

afterEach(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SQLite: one connection, one transaction owner', () => {
  it('a write made while another caller\'s transaction is open survives that transaction\'s rollback', async () => {
    const inside = deferred();
    const release = deferred();
    const failing = db.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: 'inside', value: '1' } });
      inside.resolve();
      await release.promise;
      throw new Error('this transaction rolls back');
    });
    await inside.promise;
    // Prisma's promises are lazy: then() starts the query now.
    const outside = db.setting.create({ data: { key: 'outside', value: '1' } }).then((row) => row);
    // Give the outside write every chance to run now (it must wait instead).
    await new Promise((r) => setTimeout(r, 20));
    release.resolve();
    await expect(failing).rejects.toThrow('this transaction rolls back');
    await outside;
    expect(await db.setting.findUnique({ where: { key: 'outside' } })).not.toBeNull();
    expect(await db.setting.findUnique({ where: { key: 'inside' } })).toBeNull();
  });

  it('reads and raw queries outside also wait for the open transaction (they never see its uncommitted rows)', async () => {
    const inside = deferred();
    const release = deferred();
    const failing = db.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: 'uncommitted', value: '1' } });
      inside.resolve();
      await release.promise;
      throw new Error('rolled back');
    });
    await inside.promise;
    const read = db.setting.findUnique({ where: { key: 'uncommitted' } }).then((row) => row);
    const raw = db.$queryRawUnsafe<{ n: number }[]>('SELECT COUNT(*) AS n FROM "Setting" WHERE "key" = \'uncommitted\'').then((rows) => rows);
    await new Promise((r) => setTimeout(r, 20));
    release.resolve();
    await expect(failing).rejects.toThrow('rolled back');
    expect(await read).toBeNull();
    expect(Number((await raw)[0]!.n)).toBe(0);
  });

  it('the outer client used inside a transaction callback never joins it: the transaction times out and rolls back alone', async () => {
    let outer: Promise<unknown> | undefined;
    await expect(db.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: 'a', value: '1' } });
      outer = db.setting.create({ data: { key: 'b', value: '1' } }).then((row) => row);
      await outer;
    }, { timeout: 300 })).rejects.toThrow();
    await outer;
    expect((await db.setting.findMany()).map((s) => s.key)).toEqual(['b']);
  });

  it('work a transaction callback starts but does not await runs after the transaction ends', async () => {
    let later: Promise<unknown> | undefined;
    await db.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: 'first', value: '1' } });
      later = new Promise((r) => setTimeout(r, 10)).then(() => db.setting.findUnique({ where: { key: 'first' } }));
    });
    expect(await later).not.toBeNull();
  });

  it('many interleaved transactions and plain writes: every acknowledged plain write is kept', async () => {
    const plain: Promise<unknown>[] = [];
    const txs: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      txs.push(db.$transaction(async (tx) => {
        await tx.setting.create({ data: { key: `tx-${i}`, value: '1' } });
        await new Promise((r) => setTimeout(r, 2));
        if (i % 2) throw new Error('odd ones roll back');
      }).catch(() => undefined));
      // Spread over the transactions' lifetimes, so many land while one is open.
      plain.push(new Promise((r) => setTimeout(r, i)).then(() => db.setting.create({ data: { key: `plain-${i}`, value: '1' } })));
    }
    await Promise.all([...plain, ...txs]);
    expect(await db.setting.count({ where: { key: { startsWith: 'plain-' } } })).toBe(40);
    expect(await db.setting.count({ where: { key: { startsWith: 'tx-' } } })).toBe(20);
  });

  it('a COMMIT that fails ends the transaction and frees the connection; what comes after commits for real', async () => {
    // A deferred foreign key fails at COMMIT, the way a full disk does, and leaves SQLite's transaction open.
    await expect(db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('PRAGMA defer_foreign_keys = ON');
      await tx.session.create({ data: { tokenHash: 'orphan', userId: 'no-such-user', expiresAt: new Date() } });
    })).rejects.toThrow();
    const settled = await Promise.race([
      db.$transaction(async (tx) => tx.setting.create({ data: { key: 'after-tx', value: '1' } })).then(() => 'committed'),
      new Promise((r) => setTimeout(r, 3_000, 'still waiting')),
    ]);
    expect(settled).toBe('committed');
    await db.setting.create({ data: { key: 'after-plain', value: '1' } });
    // Reopened, so only what was really committed is there.
    await db.$disconnect();
    db = await openDatabase({ provider: 'sqlite', file: path.join(dir, 'test.db') });
    expect((await db.setting.findMany({ orderBy: { key: 'asc' } })).map((s) => s.key)).toEqual(['after-plain', 'after-tx']);
    expect(await db.session.count()).toBe(0);
  });
});
