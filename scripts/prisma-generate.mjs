// Generates both Prisma clients (SQLite and PostgreSQL) offline; run by `npm install` (postinstall).
// PRISMA_QUERY_ENGINE_LIBRARY points at a file so the CLI does not try to download a native
// engine it would not use: engineType "client" runs without one (docs/database.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
for (const schema of ['prisma/schema.prisma', 'prisma/postgres/schema.prisma']) {
  if (!existsSync(schema)) throw new Error(`missing ${schema}: run npm run db:derive`);
  const run = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate', '--schema', schema], { env, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
