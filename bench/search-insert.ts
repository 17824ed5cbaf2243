// The search index's cost on the chat hot path's insert, isolated from the rest of the server and
// from machine noise: the hot path's batch (one transaction, 50 messages) on a raw better-sqlite3
// connection, with the search triggers and without them, in alternating rounds on one database.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '../server/db/migrate.js';
import { registerSearchFunctions } from '../server/db/sqlite-search-functions.js';

const ROUNDS = 6;
const BATCHES = 200;
const BATCH = 50;
const TEXTS = ['Hi, my order #482913 has not arrived yet, can you check the tracking?', '你好，我要退款，耳机坏了', 'The router arrived damaged, the box was crushed', 'thanks!'];

export async function measureInsertCost(): Promise<{ withSearchUs: number; withoutSearchUs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-search-insert-'));
  const file = path.join(dir, 'db.sqlite');
  await migrate({ provider: 'sqlite', file });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  registerSearchFunctions(db);
  const t = new Date().toISOString().replace('Z', '+00:00');
  db.prepare('INSERT INTO "Inbox" ("id","channel","name","publicToken","createdAt","updatedAt") VALUES (?,?,?,?,?,?)').run('i', 'webchat', 'w', 'tok', t, t);
  db.prepare('INSERT INTO "Customer" ("id","createdAt","updatedAt") VALUES (?,?,?)').run('cu', t, t);
  db.prepare('INSERT INTO "Conversation" ("id","inboxId","customerId","channel","createdAt","updatedAt") VALUES (?,?,?,?,?,?)').run('c', 'i', 'cu', 'webchat', t, t);
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'Message_search_%'`).all() as { name: string; sql: string }[];
  const insert = db.prepare(`INSERT INTO "Message" ("conversationId","inboxId","direction","authorKind","body","private","clientMessageId","deliveryStatus","createdAt") VALUES ('c','i','in','customer',?,0,?,'delivered',?)`);
  let n = 0;
  const batch = db.transaction(() => {
    for (let i = 0; i < BATCH; i++, n++) insert.run(TEXTS[n % TEXTS.length], `m${n}`, t);
  });
  const round = () => {
    const started = performance.now();
    for (let b = 0; b < BATCHES; b++) batch();
    return ((performance.now() - started) * 1000) / (BATCHES * BATCH);
  };
  const withSearch: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    withSearch.push(round());
    for (const tr of triggers) db.exec(`DROP TRIGGER "${tr.name}"`);
    without.push(round());
    for (const tr of triggers) db.exec(tr.sql);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { withSearchUs: +median(withSearch).toFixed(1), withoutSearchUs: +median(without).toFixed(1) };
}
