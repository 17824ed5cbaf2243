// `npm run kb:reindex`: rebuilds the knowledge-base search index from the database, with progress.
// Uses the same environment as the server (DATABASE_URL / DATA_DIR, MEILISEARCH_URL / MEILISEARCH_KEY).
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/client.js';
import { migrate } from '../server/db/migrate.js';
import { databaseTarget } from '../server/db/target.js';
import { createSearchIndex } from '../server/kb/search/index.js';
import { rebuildIndex } from '../server/kb/reindex.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const target = databaseTarget({ DATABASE_URL: config.DATABASE_URL, DATA_DIR: config.DATA_DIR });
  await migrate(target);
  const db = await openDatabase(target);
  const meili = !!config.MEILISEARCH_URL;
  const index = createSearchIndex({ meilisearchUrl: config.MEILISEARCH_URL, meilisearchKey: config.MEILISEARCH_KEY });
  const where = target.provider === 'postgresql' ? `PostgreSQL (schema ${target.schema})` : `SQLite ${target.file}`;
  console.log(`Reindexing articles from ${where} into ${meili ? `Meilisearch at ${config.MEILISEARCH_URL}` : 'the embedded index'}`);
  // On a terminal the line rewrites itself; in logs every page gets its own line.
  const tty = process.stdout.isTTY;
  try {
    const total = await rebuildIndex(db, index, (done, all) => {
      const line = `indexed ${done}/${all}`;
      if (tty) process.stdout.write(`\r${line}`);
      else console.log(line);
    });
    if (tty && total) process.stdout.write('\n');
    console.log(`Done: ${total} article${total === 1 ? '' : 's'} indexed.`);
    if (!meili) console.log('Note: the embedded index lives in each server process and is rebuilt at every start; this run only checks that every article indexes.');
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
