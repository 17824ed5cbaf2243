// Prisma CLI configuration. The JS engine with a driver adapter lets generate and
// migrate run offline (the native schema engine is a download; see docs/database.md).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { databaseTarget } from './server/db/target.js';

const target = databaseTarget(process.env);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: target.provider === 'postgresql' ? 'prisma/postgres/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: target.provider === 'postgresql' ? 'prisma/postgres/migrations' : 'prisma/migrations' },
  async adapter() {
    if (target.provider === 'postgresql') {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      return new PrismaPg({ connectionString: target.url }, { schema: target.schema });
    }
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url: path.resolve(target.file) });
  },
});
