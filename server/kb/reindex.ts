// Rebuilds the search index from the database in pages, reporting progress (start-up and `npm run kb:reindex`).
import { afterPendingIo } from '../after-io.js';
import type { Db } from '../db/client.js';
import type { SearchIndex } from './search/port.js';
import { toSearchDoc } from './views.js';

// Small pages: each is indexed synchronously, and the server keeps answering between them at start.
const PAGE = 200;

export async function rebuildIndex(db: Db, index: SearchIndex, onProgress?: (done: number, total: number) => void): Promise<number> {
  await index.init();
  await index.clear();
  const total = await db.article.count();
  let done = 0;
  let cursor: string | undefined;
  // Keyset pages by id: memory stays flat however large the knowledge base grows.
  for (;;) {
    const page = await db.article.findMany({ take: PAGE, orderBy: { id: 'asc' }, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });
    if (!page.length) break;
    await index.upsert(page.map(toSearchDoc));
    await afterPendingIo();
    done += page.length;
    cursor = page[page.length - 1]!.id;
    onProgress?.(done, Math.max(total, done));
  }
  return done;
}
