// The volume benchmark's seed (bench/volume/seed.ts) writes bulk rows beside the product: what the
// product keeps denormalised must agree with them, or the benchmark measures a database the product
// could never have written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { seedVolume, type Manifest } from '../../bench/volume/seed.js';
import { createApp, type App } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { refreshStoredMetrics } from '../../server/reports/stored-metrics.js';
import { dialectOf } from '../../server/reports/sql.js';
import { databases, postgresUrl } from '../helpers/server.js';

describe.each(databases())('%s', (kind) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-volume-seed-'));
  const schema = `volume_seed_${process.pid}`;
  let app: App | undefined;
  let manifest: Manifest;

  const pgUrl = () => {
    const u = new URL(postgresUrl()!);
    u.searchParams.set('schema', schema);
    return u.toString();
  };

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (kind === 'postgres') {
      const c = new pg.Client({ connectionString: postgresUrl() });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    }
  });

  it('seeds the shape, with lastMessageAt, first response and stored report metrics as the product keeps them', async () => {
    manifest = await seedVolume({ scale: 0.001, dataDir, ...(kind === 'postgres' ? { pgUrl: pgUrl() } : {}) });
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SECRET_KEY: manifest.secretKey, ...(kind === 'postgres' ? { DATABASE_URL: pgUrl() } : {}) });
    app = await createApp(config, { log: createLogger('silent'), print: () => undefined });
    const db = app.ctx.db;
    expect(await db.conversation.count()).toBe(manifest.shape.conversations);
    // The newest `open` ones plus the two big web chats.
    expect(await db.conversation.count({ where: { status: 'open' } })).toBe(manifest.shape.open + manifest.bigConversations.length);
    for (const big of manifest.bigConversations) expect(await db.message.count({ where: { conversationId: big.id } })).toBe(big.messages);

    const conversations = await db.conversation.findMany({ select: { id: true, lastMessageAt: true, lastCustomerMessageAt: true, firstResponseAt: true, firstResponseMs: true, resolutionMs: true } });
    const newest = await db.message.groupBy({ by: ['conversationId'], _max: { createdAt: true } });
    const newestIn = await db.message.groupBy({ by: ['conversationId'], where: { direction: 'in' }, _max: { createdAt: true } });
    const firstOut = await db.message.groupBy({ by: ['conversationId'], where: { direction: 'out' }, _min: { createdAt: true } });
    const at = (rows: { conversationId: string; _max?: { createdAt: Date | null }; _min?: { createdAt: Date | null } }[]) => new Map(rows.map((r) => [r.conversationId, (r._max ?? r._min)!.createdAt!.getTime()]));
    const [last, lastIn, first] = [at(newest), at(newestIn), at(firstOut)];
    for (const c of conversations) {
      expect(c.lastMessageAt.getTime(), c.id).toBe(last.get(c.id));
      expect(c.lastCustomerMessageAt?.getTime(), c.id).toBe(lastIn.get(c.id));
      expect(c.firstResponseAt?.getTime(), c.id).toBe(first.get(c.id));
    }

    // The product's own recomputation of every row leaves the stored metrics as seeded.
    await db.conversation.updateMany({ data: { metricsRevDone: 0 } });
    const recomputed = await refreshStoredMetrics(db, dialectOf(db), { from: new Date(0), to: new Date(Date.UTC(2100, 0, 1)), teamId: undefined });
    expect(recomputed).toBe(manifest.shape.conversations);
    const after = new Map((await db.conversation.findMany({ select: { id: true, firstResponseMs: true, resolutionMs: true } })).map((c) => [c.id, c]));
    for (const c of conversations) expect(after.get(c.id), c.id).toEqual({ id: c.id, firstResponseMs: c.firstResponseMs, resolutionMs: c.resolutionMs });
  }, 120_000);
});
