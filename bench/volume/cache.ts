// Seeds are slow to make and the same for the same scale and schema: each is kept under
// .tmp/volume/<key>/ (SQLite) or a schema named by the key (PostgreSQL) and reused.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { seedVolume, type Manifest } from './seed.js';

const SOURCES = ['bench/volume/seed.ts', 'bench/volume/history.ts', 'bench/volume/shape.ts', 'bench/volume/sink.ts', 'bench/volume/words.ts'];

/** Changes with the scale, any migration or the seed's own code. */
export function seedKey(scale: number, provider: 'sqlite' | 'postgresql'): string {
  const h = createHash('sha256').update(`${scale}:${provider}`);
  const dir = provider === 'postgresql' ? 'prisma/postgres/migrations' : 'prisma/migrations';
  for (const m of readdirSync(dir).sort()) if (existsSync(path.join(dir, m, 'migration.sql'))) h.update(readFileSync(path.join(dir, m, 'migration.sql')));
  for (const f of SOURCES) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 12);
}

export async function ensureSeed(scale: number, pgBase?: string): Promise<Manifest> {
  const key = seedKey(scale, pgBase ? 'postgresql' : 'sqlite');
  const dir = path.resolve('.tmp/volume', `${pgBase ? 'pg' : 'sqlite'}-${scale}-${key}`);
  const manifestFile = path.join(dir, 'manifest.json');
  let pgUrl: string | undefined;
  if (pgBase) {
    const u = new URL(pgBase);
    u.searchParams.set('schema', `volume_${String(scale).replace('.', '_')}_${key}`);
    pgUrl = u.toString();
  }
  if (existsSync(manifestFile) && (!pgUrl || (await schemaExists(pgBase!, new URL(pgUrl).searchParams.get('schema')!)))) {
    process.stderr.write(`reusing the seed at scale ${scale} (${dir})\n`);
    return JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  }
  rmSync(dir, { recursive: true, force: true });
  if (pgUrl) await dropSchema(pgBase!, new URL(pgUrl).searchParams.get('schema')!);
  return seedVolume({ scale, dataDir: dir, pgUrl });
}

async function withClient<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

const schemaExists = (url: string, schema: string) => withClient(url, async (c) => ((await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount ?? 0) > 0);
const dropSchema = (url: string, schema: string) => withClient(url, async (c) => void (await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)));
