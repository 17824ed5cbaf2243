// Which database to use: PostgreSQL when DATABASE_URL is a postgres URL, else SQLite under DATA_DIR.
import path from 'node:path';

export type DatabaseTarget =
  | { provider: 'postgresql'; url: string }
  | { provider: 'sqlite'; file: string };

export function databaseTarget(env: NodeJS.ProcessEnv): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) return { provider: 'postgresql', url };
  if (url && url.startsWith('file:')) return { provider: 'sqlite', file: url.slice('file:'.length) };
  return { provider: 'sqlite', file: path.join(env.DATA_DIR?.trim() || './data', 'switchboard.db') };
}
