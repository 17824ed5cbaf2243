// The SQLite read worker (server/reads/read-pool.ts): its own read-only connection to the database
// file, so long SELECTs (reports, exports, searches) run beside the main thread's connection (WAL).
// Plain JavaScript so it runs as-is under tsx, vitest and the esbuild bundle (copied to dist/server).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();

// sb_ranks(group, x): per group, n and the values at the ranks a report summary reads (median ranks
// and nearest-rank p90, as server/reports/stats.ts defines them) as JSON [[group, n, [[rank, x]...]]...].
// Sorting a year of durations here beats a ROW_NUMBER window over them (ranked-sql.ts uses this).
const medianRanks = (n) => (n % 2 ? [(n >> 1) + 1] : [n >> 1, (n >> 1) + 1]);
const p90Rank = (n) => Math.min(Math.max(1, Math.ceil((90 / 100) * n)), n);
db.aggregate('sb_ranks', {
  start: () => new Map(),
  step(groups, group, x) {
    if (x === null) return groups;
    let g = groups.get(group);
    if (!g) groups.set(group, (g = []));
    g.push(x);
    return groups;
  },
  result(groups) {
    return JSON.stringify([...groups].map(([group, xs]) => {
      const s = Float64Array.from(xs).sort();
      return [group, s.length, [...new Set([...medianRanks(s.length), p90Rank(s.length)])].map((r) => [r, s[r - 1]])];
    }));
  },
});

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
