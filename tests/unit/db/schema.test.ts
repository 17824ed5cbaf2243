// One source of truth: the PostgreSQL schema is exactly the derived SQLite schema, and the last
// migration of each provider was made from the current model.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derivePostgresSchema } from '../../../scripts/db-derive.js';
import { quoteJsonDefaults } from '../../../scripts/db-migration-sql.js';

const lastSnapshot = (dir: string) => {
  const last = readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort().at(-1)!;
  return readFileSync(`${dir}/${last}/schema.prisma`, 'utf8');
};

describe('prisma schemas', () => {
  it('prisma/postgres/schema.prisma is derived from prisma/schema.prisma (run npm run db:derive)', () => {
    expect(readFileSync('prisma/postgres/schema.prisma', 'utf8')).toBe(derivePostgresSchema(readFileSync('prisma/schema.prisma', 'utf8')));
  });

  it('the latest migrations match the current model (run npm run db:migration -- <name>)', () => {
    expect(lastSnapshot('prisma/migrations')).toBe(readFileSync('prisma/schema.prisma', 'utf8'));
    expect(lastSnapshot('prisma/postgres/migrations')).toBe(readFileSync('prisma/postgres/schema.prisma', 'utf8'));
  });

  it('quotes the JSON defaults that the SQLite diff leaves bare', () => {
    expect(quoteJsonDefaults('    "tags" JSONB NOT NULL DEFAULT [],\n    "a" JSONB NOT NULL DEFAULT {"x":1}\n')).toBe(`    "tags" JSONB NOT NULL DEFAULT '[]',\n    "a" JSONB NOT NULL DEFAULT '{"x":1}'\n`);
  });
});
