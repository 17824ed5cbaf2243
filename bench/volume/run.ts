// `npm run bench:volume`: the server at a year of data against the same at 1/100 (issue 19). Seeds
// (or reuses) both datasets, starts the built server on each and measures the customer's path, the
// console's lists, conversations, customers, reports, mixed load and start-up; prints a table with
// the ratio full/small and one JSON line.
//   --scale <n>   the full dataset (default 1 = ~1M messages); the small one is n/100
//   --quick       scale 0.1 and fewer repetitions
//   --pg <url>    on PostgreSQL (a schema per seed) instead of SQLite
//   --only a,b    only these measurement groups (widget, lists, open, customers, reports, console, mixed; start-up and RSS always)
import { ensureSeed } from './cache.js';
import { startOn } from './server.js';
import type { Manifest } from './seed.js';
import { measureAll, type Results } from './suite.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const fullScale = Number(arg('scale') ?? (quick ? '0.1' : '1'));
const smallScale = Math.round(fullScale * 10) / 1000;
const pg = arg('pg');
const only = arg('only')?.split(',');

async function runOn(m: Manifest): Promise<Results> {
  const server = await startOn(m);
  // An interrupted run must not leave its server behind.
  const stop = () => void server.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    return await measureAll(server, m, { quick, only });
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await server.stop();
  }
}

const started = Date.now();
const small = await ensureSeed(smallScale, pg);
const full = await ensureSeed(fullScale, pg);
process.stderr.write(`measuring scale ${smallScale} ...\n`);
const a = await runOn(small);
process.stderr.write(`measuring scale ${fullScale} ...\n`);
const b = await runOn(full);

const rows = Object.keys(b).map((name) => {
  const s = a[name];
  const f = b[name]!;
  return { name, small: s?.value ?? NaN, full: f.value, unit: f.unit, ratio: s && s.value > 0 ? Math.round((f.value / s.value) * 100) / 100 : NaN, detail: f.detail };
});
const width = Math.max(...rows.map((r) => r.name.length));
console.log(`\nvolume benchmark: ${pg ? 'PostgreSQL' : 'SQLite'}, full = scale ${fullScale} (${full.shape.messages.toLocaleString('en')} messages), small = scale ${smallScale}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${'measurement'.padEnd(width)}  ${'small'.padStart(9)}  ${'full'.padStart(9)}  unit   ratio  detail (full)`);
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${String(r.small).padStart(9)}  ${String(r.full).padStart(9)}  ${r.unit.padEnd(5)}  ${String(r.ratio).padStart(5)}  ${r.detail ?? ''}`);
console.log(JSON.stringify({ bench: 'volume', provider: pg ? 'postgresql' : 'sqlite', fullScale, smallScale, seconds: Math.round((Date.now() - started) / 1000), results: rows.map(({ detail: _d, ...r }) => r) }));
process.exit(0);
