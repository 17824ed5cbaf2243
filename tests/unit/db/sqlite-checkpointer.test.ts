// WAL checkpoints run in a worker thread: the serving connection stops checkpointing, the WAL
// still starts over under writes that never pause, nothing written is lost, and checkpoints
// come back to the serving connection when the worker ends.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteCheckpointer } from '../../../server/db/sqlite-checkpointer.js';
import { Gate } from '../../../server/db/sqlite-gate.js';

const PAGE = 4096;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SqliteCheckpointer', () => {
  let dir: string;
  let file: string;
  let db: Database.Database;
  let gate: Gate;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'checkpointer-'));
    file = path.join(dir, 'db.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE blob (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    gate = new Gate();
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes one page-sized row per transaction, through the gate as the hot path does, with no pause longer than 1 ms. */
  async function writeFor(ms: number): Promise<number> {
    const insert = db.prepare('INSERT INTO blob (data) VALUES (?)');
    const payload = Buffer.alloc(PAGE, 7);
    const end = performance.now() + ms;
    let rows = 0;
    while (performance.now() < end) {
      const release = await gate.acquire();
      try {
        insert.run(payload);
        rows++;
      } finally {
        release();
      }
      await sleep(1);
    }
    return rows;
  }

  it('checkpoints in the worker and starts the WAL over although writes never stop', async () => {
    const rewindAtFrames = 300;
    const checkpointer = await SqliteCheckpointer.start(file, db, gate, { intervalMs: 20, rewindAtFrames });
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const rows = await writeFor(2500);
      // Each row is at least two frames (its overflow page and the leaf), so the WAL would hold them all without a rewind.
      expect(rows * 2).toBeGreaterThan(rewindAtFrames * 4);
      expect(checkpointer.stats.checkpoints).toBeGreaterThan(0);
      expect(statSync(`${file}-wal`).size).toBeLessThan(rewindAtFrames * 3 * (PAGE + 24));
      expect(checkpointer.stats.rewinds).toBeGreaterThan(0);
      expect(db.prepare('SELECT count(*) AS n FROM blob').get()).toEqual({ n: rows });
    } finally {
      await checkpointer.stop();
    }
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('a reader on another connection sees every committed row while the worker checkpoints', async () => {
    const checkpointer = await SqliteCheckpointer.start(file, db, gate, { intervalMs: 10, rewindAtFrames: 50 });
    const reader = new Database(file, { readonly: true });
    try {
      const rows = await writeFor(500);
      await sleep(100);
      expect(reader.prepare('SELECT count(*) AS n FROM blob').get()).toEqual({ n: rows });
    } finally {
      reader.close();
      await checkpointer.stop();
    }
  });

  it('gives checkpoints back to the serving connection if the worker dies', async () => {
    const errors: Error[] = [];
    const checkpointer = await SqliteCheckpointer.start(file, db, gate, { onError: (e) => errors.push(e) });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await (checkpointer as unknown as { worker: Worker }).worker.terminate();
    await sleep(10);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // Writes still go through: a rewind that was waiting would have left the gate held.
    const release = await gate.acquire();
    release();
    await checkpointer.stop();
  });

  it('refuses to start on a database file that does not exist', async () => {
    await expect(SqliteCheckpointer.start(path.join(dir, 'missing.sqlite'), db, gate)).rejects.toThrow();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
