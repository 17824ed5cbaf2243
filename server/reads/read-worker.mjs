// The SQLite read worker (server/reads/read-pool.ts): its own read-only connection to the database
// file, so long SELECTs (reports, exports, searches) run beside the main thread's connection (WAL).
// Plain JavaScript so it runs as-is under tsx, vitest and the esbuild bundle (copied to dist/server).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();

function prepared(sql) {
  let s = statements.get(sql);
  if (!s) {
    s = db.prepare(sql);
    // Keep the cache bounded: reports build a few dozen distinct texts.
    if (statements.size >= 200) statements.delete(statements.keys().next().value);
    statements.set(sql, s);
  }
  return s;
}

parentPort.on('message', (m) => {
  if (m.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: m.id, rows: prepared(m.sql).all(m.params) });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { message: err instanceof Error ? err.message : String(err), code: err?.code } });
  }
});
