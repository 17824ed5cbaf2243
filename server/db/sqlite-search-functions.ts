// The SQL functions conversation search's triggers call on SQLite (see server/search/text.ts).
// Every connection that writes Message or Customer rows must register them first: a trigger on a
// connection without them fails the write ("no such function"), it never skips the index.
import type BetterSqlite from 'better-sqlite3';
import { digitSuffixes, searchText } from '../search/text.js';

export function registerSearchFunctions(db: BetterSqlite.Database): void {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  db.function('sb_search_text', { deterministic: true }, (v: unknown) => searchText(text(v)));
  db.function('sb_digit_suffixes', { deterministic: true }, (v: unknown) => digitSuffixes(text(v)));
}
