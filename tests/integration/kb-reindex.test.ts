// `npm run kb:reindex` (scripts/kb-reindex.ts): rebuilds the index from the database with progress,
// into Meilisearch when MEILISEARCH_URL is set (a stand-in here), and rebuildIndex pages correctly.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildIndex } from '../../server/kb/reindex.js';
import { EmbeddedSearchIndex } from '../../server/kb/search/embedded.js';
import { startMeiliStandin, type MeiliStandin } from '../helpers/meili-standin.js';
import { databases, startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

describe.each(databases())('%s', (db) => {
  let server: TestServer;
  let meili: MeiliStandin;
  const word = `reidx${Math.random().toString(36).slice(2, 7)}`;

  beforeAll(async () => {
    server = await startTestServer(db);
    meili = await startMeiliStandin();
    const token = await server.login();
    for (const status of ['published', 'published', 'draft']) {
      const res = await server.api('POST', '/api/kb/articles', { token, body: { title: `${word} ${status}`, body: `About ${word}.`, status } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await meili?.close();
    await server?.close();
  });

  it('the script indexes every article into Meilisearch and prints n/total progress', async () => {
    const { config } = server.app.ctx;
    const env = { ...process.env, DATA_DIR: config.DATA_DIR, DATABASE_URL: config.DATABASE_URL ?? '', MEILISEARCH_URL: meili.url, MEILISEARCH_KEY: '', LOG_LEVEL: 'silent' };
    const { stdout } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/kb-reindex.ts'], { cwd: ROOT, env, timeout: 60_000 });
    expect(stdout).toContain('into Meilisearch');
    expect(stdout).toContain('indexed 3/3');
    expect(stdout).toContain('Done: 3 articles indexed.');
    const uploads = meili.requests.filter((r) => r.method === 'POST' && r.path === '/indexes/kb_articles/documents');
    const docs = uploads.flatMap((r) => r.body as { id: string; status: string }[]);
    expect(docs).toHaveLength(3);
    expect(docs.filter((d) => d.status === 'published')).toHaveLength(2);
  }, 90_000);

  it('rebuildIndex reports progress page by page and leaves only published articles searchable', async () => {
    const index = new EmbeddedSearchIndex();
    const seen: string[] = [];
    const total = await rebuildIndex(server.app.ctx.db, index, (done, all) => seen.push(`${done}/${all}`));
    expect(total).toBe(3);
    expect(seen).toEqual(['3/3']);
    expect(await index.search({ q: word, status: 'published' })).toHaveLength(2);
  });
});
