// Which database to use: PostgreSQL when DATABASE_URL is a postgres URL, else SQLite under DATA_DIR.
import path from 'node:path';

export type DatabaseTarget =
  | { provider: 'postgresql'; url: string; schema: string }
  | { provider: 'sqlite'; file: string };

export function databaseTarget(env: NodeJS.ProcessEnv): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    // `?schema=` picks a schema, as in Prisma's own URLs (tests use one schema per run).
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') || 'public';
    parsed.searchParams.delete('schema');
    return { provider: 'postgresql', url: parsed.toString(), schema };
  }
  if (url && url.startsWith('file:')) return { provider: 'sqlite', file: url.slice('file:'.length) };
  return { provider: 'sqlite', file: path.join(env.DATA_DIR?.trim() || './data', 'switchboard.db') };
}
