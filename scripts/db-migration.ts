// Writes a new migration for both providers: `npm run db:migration -- <name>`.
// Each migration folder keeps the schema it was made from; the next diff starts there, so
// no shadow database (and no network engine) is needed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { derivePostgresSchema } from './db-derive.js';
import { quoteJsonDefaults } from './db-migration-sql.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name_in_snake_case>');
  process.exit(2);
}
writeFileSync('prisma/postgres/schema.prisma', derivePostgresSchema(readFileSync('prisma/schema.prisma', 'utf8')));
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const env = { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };


for (const [schema, dir, url] of [
  ['prisma/schema.prisma', 'prisma/migrations', 'file:./data/migration-scratch.db'],
  ['prisma/postgres/schema.prisma', 'prisma/postgres/migrations', process.env.MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'],
] as const) {
  const previous = readdirSync(dir).filter((d) => existsSync(path.join(dir, d, 'schema.prisma'))).sort().at(-1);
  const from = previous ? ['--from-schema-datamodel', path.join(dir, previous, 'schema.prisma')] : ['--from-empty'];
  mkdirSync('data', { recursive: true });
  const sql = execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'], {
    env: { ...env, DATABASE_URL: url },
    encoding: 'utf8',
  });
  if (/^-- This is an empty migration/m.test(sql)) {
    console.log(`${dir}: no change`);
    continue;
  }
  const target = path.join(dir, `${stamp}_${name}`);
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, 'migration.sql'), quoteJsonDefaults(sql));
  copyFileSync(schema, path.join(target, 'schema.prisma'));
  console.log(`wrote ${target}/migration.sql`);
}
