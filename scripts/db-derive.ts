// Derives prisma/postgres/schema.prisma from prisma/schema.prisma: one model, two providers.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

export function derivePostgresSchema(sqliteSchema: string): string {
  return sqliteSchema
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output     = "../server/db/generated/sqlite"', 'output     = "../../server/db/generated/postgres"')
    .replace(/^\/\/ The one source of truth[^\n]*\n\/\/[^\n]*\n/, '// GENERATED from prisma/schema.prisma by `npm run db:derive`. Do not edit.\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const derived = derivePostgresSchema(readFileSync('prisma/schema.prisma', 'utf8'));
  mkdirSync('prisma/postgres', { recursive: true });
  writeFileSync('prisma/postgres/schema.prisma', derived);
  console.log('wrote prisma/postgres/schema.prisma');
}
