import { Meilisearch } from 'meilisearch';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSearchIndex } from '../../../server/kb/search/index.js';
import { buildFilter, filterEquals, MeilisearchSearchIndex, meilisearchSettings } from '../../../server/kb/search/meilisearch.js';
import { MAX_QUERY_LENGTH } from '../../../server/kb/search/port.js';
import { startMeiliStandin, type MeiliStandin, type RecordedRequest } from '../../helpers/meili-standin.js';
import { doc, searchIndexContract } from './search-contract.js';

const writes = (reqs: RecordedRequest[]) => reqs.filter((r) => r.method !== 'GET');
const route = (r: RecordedRequest) => `${r.method} ${r.path}`;

describe('MeilisearchSearchIndex against the HTTP stand-in', () => {
  let standin: MeiliStandin;
  let index: MeilisearchSearchIndex;

  beforeEach(async () => {
    standin = await startMeiliStandin({ masterKey: 'test-key', processingPolls: 2 });
    index = new MeilisearchSearchIndex({ host: standin.url, apiKey: 'test-key', taskIntervalMs: 1 });
  });
  afterEach(() => standin.close());

  it('init creates the index with primary key id and uploads the settings', async () => {
    await index.init();
    const [create, settings] = writes(standin.requests);
    expect(route(create!)).toBe('POST /indexes');
    expect(create!.body).toEqual({ uid: 'kb_articles', primaryKey: 'id' });
    expect(route(settings!)).toBe('PATCH /indexes/kb_articles/settings');
    expect(settings!.body).toEqual(meilisearchSettings());
    const body = settings!.body as ReturnType<typeof meilisearchSettings>;
    expect(body.searchableAttributes).toEqual(['title', 'body', 'tags']);
    expect(body.filterableAttributes).toEqual(['language', 'status', 'category']);
    expect(body.typoTolerance).toEqual({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } });
    expect(body.synonyms?.['money back']).toContain('refund');
    expect(body.synonyms?.['refund']).toEqual(expect.arrayContaining(['money back', 'reimbursement']));
    expect(body.synonyms?.['退钱']).toEqual(['退款']);
    expect(standin.requests.every((r) => r.headers.authorization === 'Bearer test-key')).toBe(true);
  });

  it('waits for each task to succeed before sending the next write', async () => {
    await index.init();
    await index.upsert([doc('a1', 'Alpha', 'alpha')]);
    // Stand-in reports "processing" twice, so each task is polled three times, right after it was enqueued.
    expect(standin.requests.map(route)).toEqual([
      'POST /indexes', 'GET /tasks/0', 'GET /tasks/0', 'GET /tasks/0',
      'PATCH /indexes/kb_articles/settings', 'GET /tasks/1', 'GET /tasks/1', 'GET /tasks/1',
      'POST /indexes/kb_articles/documents', 'GET /tasks/2', 'GET /tasks/2', 'GET /tasks/2',
    ]);
  });

  it('init is idempotent: index_already_exists is tolerated', async () => {
    await index.init();
    await expect(index.init()).resolves.toBeUndefined();
  });

  it('sends plain-text bodies on upsert, with primaryKey=id', async () => {
    await index.init();
    await index.upsert([doc('a1', 'Alpha', '# Head\n\nSome **bold** <b>x</b>', { tags: ['t1'], category: 'billing' }), doc('a2', 'Beta', 'b')]);
    const add = standin.requests.find((r) => route(r) === 'POST /indexes/kb_articles/documents')!;
    expect(add.query).toEqual({ primaryKey: 'id' });
    expect(add.headers.contentType).toBe('application/json');
    expect(add.body).toEqual([
      { id: 'a1', title: 'Alpha', body: 'Head\nSome bold x', tags: ['t1'], language: 'en', status: 'published', category: 'billing' },
      { id: 'a2', title: 'Beta', body: 'b', tags: [], language: 'en', status: 'published', category: null },
    ]);
  });

  it('searches with filter strings, crop settings and ranking score, and maps hits', async () => {
    await index.init();
    await index.upsert([doc('a1', 'Refund guide', 'How to get a refund quickly.', { language: 'en' })]);
    const hits = await index.search({ q: 'refund', language: 'en', status: 'published', limit: 5 });
    const search = standin.requests.find((r) => route(r) === 'POST /indexes/kb_articles/search')!;
    expect(search.body).toEqual({
      q: 'refund',
      limit: 5,
      filter: ['language = "en"', 'status = "published"'],
      attributesToRetrieve: ['id', 'title'],
      attributesToCrop: ['body'],
      cropLength: 24,
      showRankingScore: true,
    });
    expect(hits).toEqual([{ id: 'a1', title: 'Refund guide', snippet: 'How to get a refund quickly.', score: 1 }]);
  });

  it('omits the filter when neither language nor status is given, and clamps limit', async () => {
    await index.init();
    await index.search({ q: 'x', limit: 10_000 });
    const search = standin.requests.find((r) => r.path.endsWith('/search'))!;
    expect(search.body).not.toHaveProperty('filter');
    expect((search.body as { limit: number }).limit).toBe(100);
  });

  it('never sends empty queries and truncates long ones on the wire', async () => {
    await index.init();
    expect(await index.search({ q: '  ' })).toEqual([]);
    expect(standin.requests.some((r) => r.path.endsWith('/search'))).toBe(false);
    await index.search({ q: 'z'.repeat(10_000) });
    const search = standin.requests.find((r) => r.path.endsWith('/search'))!;
    expect((search.body as { q: string }).q).toHaveLength(MAX_QUERY_LENGTH);
  });

  it('remove uses delete-batch and clear deletes all documents, both awaited', async () => {
    await index.init();
    await index.remove([]);
    await index.remove(['a1', 'a2']);
    await index.clear();
    const w = writes(standin.requests).slice(2);
    expect(w.map(route)).toEqual(['POST /indexes/kb_articles/documents/delete-batch', 'DELETE /indexes/kb_articles/documents']);
    expect(w[0]!.body).toEqual(['a1', 'a2']);
    expect(standin.requests.at(-1)!.path).toBe('/tasks/3');
  });

  it('uses the configured index name', async () => {
    const named = new MeilisearchSearchIndex({ host: standin.url, apiKey: 'test-key', indexName: 'kb_staging', taskIntervalMs: 1 });
    await named.init();
    expect(writes(standin.requests).map(route)).toEqual(['POST /indexes', 'PATCH /indexes/kb_staging/settings']);
  });

  it('rejects when a task fails (e.g. the index does not exist)', async () => {
    const missing = new MeilisearchSearchIndex({ host: standin.url, apiKey: 'test-key', indexName: 'nope', taskIntervalMs: 1 });
    await expect(missing.clear()).rejects.toThrow(/failed: Index `nope` not found/);
    await expect(missing.search({ q: 'x' })).rejects.toThrow(/not found/);
  });

  it('stand-in supports index deletion, as used by test and eval cleanup', async () => {
    await index.init();
    const client = new Meilisearch({ host: standin.url, apiKey: 'test-key' });
    await client.deleteIndex('kb_articles').waitTask({ interval: 1 });
    await expect(index.search({ q: 'x' })).rejects.toThrow(/not found/);
  });

  it('reports health from GET /health', async () => {
    expect(await index.healthy()).toBe(true);
    expect(standin.requests.map(route)).toEqual(['GET /health']);
    await standin.close();
    expect(await index.healthy()).toBe(false);
  });

  it('rejects with the API error when the key is wrong', async () => {
    const wrong = new MeilisearchSearchIndex({ host: standin.url, apiKey: 'nope', taskIntervalMs: 1 });
    await expect(wrong.init()).rejects.toThrow(/API key is invalid/);
  });
});

describe('Meilisearch filter building', () => {
  it('quotes and escapes values', () => {
    expect(filterEquals('category', 'a "b" \\ c')).toBe('category = "a \\"b\\" \\\\ c"');
    expect(buildFilter({})).toBeUndefined();
    expect(buildFilter({ status: 'draft' })).toEqual(['status = "draft"']);
  });

  it('createSearchIndex picks Meilisearch when a URL is configured', () => {
    const index = createSearchIndex({ meilisearchUrl: 'http://127.0.0.1:7700', meilisearchKey: 'k', indexName: 'kb_x' });
    expect(index).toBeInstanceOf(MeilisearchSearchIndex);
    expect((index as MeilisearchSearchIndex).indexName).toBe('kb_x');
  });
});

describe('MeilisearchSearchIndex: SearchIndex contract over the stand-in (wire round-trip)', () => {
  let standin: MeiliStandin;
  let n = 0;
  searchIndexContract(async () => {
    standin ??= await startMeiliStandin();
    return new MeilisearchSearchIndex({ host: standin.url, indexName: `contract_${n++}`, taskIntervalMs: 1 });
  });
  afterAll(() => standin?.close());
});

const realUrl = process.env['MEILISEARCH_URL'];
const realKey = process.env['MEILISEARCH_KEY'];
const runId = `${process.pid}_${Date.now()}`;
const created: string[] = [];

const realTitle = realUrl
  ? `MeilisearchSearchIndex: SearchIndex contract against ${realUrl}`
  : 'MeilisearchSearchIndex against a real server (skipped: no MEILISEARCH_URL: no Meilisearch server on this machine)';

(realUrl ? describe : describe.skip)(
  realTitle,
  () => {
    searchIndexContract(
      () => {
        const name = `kb_contract_${runId}_${created.length}`;
        created.push(name);
        return new MeilisearchSearchIndex({ host: realUrl!, apiKey: realKey, indexName: name });
      },
      {
        relevance: true,
        // Test indexes are throwaway; drop them so repeated runs do not pile up.
        cleanup: async () => {
          const client = new Meilisearch({ host: realUrl!, apiKey: realKey });
          for (const name of created) await client.deleteIndexIfExists(name);
        },
      },
    );
  },
);
