// Behaviour every SearchIndex must share. Call inside a describe(); each test gets a fresh, initialised, empty index.
import { afterAll, beforeEach, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, SNIPPET_MAX_LENGTH, type SearchDoc, type SearchIndex } from '../../../server/kb/search/port.js';

export interface ContractOptions {
  /** Also check Meilisearch-like relevance (typos, prefix, synonyms, Chinese); skip for crude stand-ins. */
  relevance?: boolean;
  /** Runs once after the suite (e.g. drop a real Meilisearch index). */
  cleanup?: () => Promise<void>;
}

export function doc(id: string, title: string, body: string, extra: Partial<SearchDoc> = {}): SearchDoc {
  return { id, title, body, tags: [], language: 'en', status: 'published', category: null, ...extra };
}

const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

export function searchIndexContract(factory: () => SearchIndex | Promise<SearchIndex>, options: ContractOptions = {}): void {
  let index: SearchIndex;

  beforeEach(async () => {
    index = await factory();
    await index.init();
    await index.clear();
  });

  if (options.cleanup) afterAll(options.cleanup);

  it('finds upserted documents and returns id, title, plain-text snippet and score', async () => {
    await index.upsert([
      doc('zebra-1', 'Zebrafish care guide', 'Feed your **zebrafish** twice a day. <b>Never</b> overfeed.'),
      doc('other-1', 'Parrot handbook', 'Parrots like seeds.'),
    ]);
    const hits = await index.search({ q: 'zebrafish' });
    expect(ids(hits)).toEqual(['zebra-1']);
    const [hit] = hits;
    expect(hit!.title).toBe('Zebrafish care guide');
    expect(typeof hit!.score).toBe('number');
    expect(hit!.snippet).toContain('zebrafish');
    expect(hit!.snippet).not.toMatch(/[*<>]/);
    expect(hit!.snippet.length).toBeLessThanOrEqual(SNIPPET_MAX_LENGTH);
  });

  it('keeps snippets short for long bodies', async () => {
    const body = `${'Intro sentence about nothing in particular. '.repeat(30)}The walrus detail is here. ${'Filler. '.repeat(30)}`;
    await index.upsert([doc('long-1', 'Long article', body)]);
    const [hit] = await index.search({ q: 'walrus' });
    expect(hit!.snippet.length).toBeLessThanOrEqual(SNIPPET_MAX_LENGTH);
    expect(hit!.snippet).toContain('walrus');
  });

  it('upsert replaces a document with the same id', async () => {
    await index.upsert([doc('same-1', 'Original flamingo title', 'flamingo body')]);
    await index.upsert([doc('same-1', 'Updated pelican title', 'pelican body')]);
    expect(await index.search({ q: 'flamingo' })).toEqual([]);
    expect(ids(await index.search({ q: 'pelican' }))).toEqual(['same-1']);
  });

  it('filters by language and by status', async () => {
    await index.upsert([
      doc('lang-en', 'Kiwi guide', 'kiwi', { language: 'en' }),
      doc('lang-zh', 'Kiwi 指南', 'kiwi', { language: 'zh' }),
      doc('draft-en', 'Kiwi draft', 'kiwi', { status: 'draft' }),
    ]);
    expect(ids(await index.search({ q: 'kiwi', language: 'zh' }))).toEqual(['lang-zh']);
    expect(ids(await index.search({ q: 'kiwi', status: 'draft' }))).toEqual(['draft-en']);
    expect(ids(await index.search({ q: 'kiwi', language: 'en', status: 'published' }))).toEqual(['lang-en']);
    expect(ids(await index.search({ q: 'kiwi' })).sort()).toEqual(['draft-en', 'lang-en', 'lang-zh']);
  });

  it('remove deletes documents and ignores unknown ids', async () => {
    await index.upsert([doc('rm-1', 'Lemur facts', 'lemur'), doc('rm-2', 'Lemur myths', 'lemur')]);
    await index.remove(['rm-1', 'does-not-exist']);
    await index.remove([]);
    expect(ids(await index.search({ q: 'lemur' }))).toEqual(['rm-2']);
  });

  it('clear empties the index', async () => {
    await index.upsert([doc('clr-1', 'Otter facts', 'otter')]);
    await index.clear();
    expect(await index.search({ q: 'otter' })).toEqual([]);
  });

  it('respects limit and defaults to 10 results', async () => {
    await index.upsert(Array.from({ length: 15 }, (_, i) => doc(`lim-${i}`, `Meerkat note ${i}`, 'meerkat')));
    expect(await index.search({ q: 'meerkat', limit: 3 })).toHaveLength(3);
    expect(await index.search({ q: 'meerkat' })).toHaveLength(10);
  });

  it('returns [] for empty or blank queries', async () => {
    await index.upsert([doc('empty-1', 'Anything', 'anything')]);
    expect(await index.search({ q: '' })).toEqual([]);
    expect(await index.search({ q: '   \n\t' })).toEqual([]);
  });

  it(`truncates very long queries to ${MAX_QUERY_LENGTH} characters instead of failing`, async () => {
    await index.upsert([doc('long-q', 'Narwhal tusks', 'narwhal')]);
    const hits = await index.search({ q: 'narwhal ' + 'x'.repeat(10_000) });
    expect(ids(hits)).toContain('long-q');
    expect(await index.search({ q: 'y'.repeat(10_000) })).toEqual([]);
  });

  it('init is idempotent', async () => {
    await index.init();
    await index.upsert([doc('init-1', 'Ibex', 'ibex')]);
    expect(ids(await index.search({ q: 'ibex' }))).toEqual(['init-1']);
  });

  if (!options.relevance) return;

  it('tolerates typos like Meilisearch (1 from 5 letters, 2 from 9) and matches the last word as a prefix', async () => {
    await index.upsert([doc('typo-1', 'Password reset', 'Reset your password from the sign-in page.'), doc('typo-2', 'Authentication', 'authentication codes')]);
    expect(ids(await index.search({ q: 'pasword' }))).toEqual(['typo-1']);
    expect(ids(await index.search({ q: 'authentcaton' }))).toEqual(['typo-2']);
    expect(ids(await index.search({ q: 'passw' }))).toEqual(['typo-1']);
  });

  it('expands synonyms and ranks title matches first', async () => {
    await index.upsert([
      doc('syn-refund', 'Request a refund', 'Open your orders.'),
      doc('syn-body', 'Orders overview', 'You may be able to get a refund later.'),
      doc('syn-invoice', 'Download an invoice', 'PDF download.'),
    ]);
    expect(ids(await index.search({ q: 'refund' }))[0]).toBe('syn-refund');
    expect(ids(await index.search({ q: 'money back' }))[0]).toBe('syn-refund');
    expect(ids(await index.search({ q: 'receipt' }))).toEqual(['syn-invoice']);
  });

  it('segments Chinese text and queries', async () => {
    await index.upsert([
      doc('zh-1', '如何申请退款', '您可以在订单页面申请退款。', { language: 'zh' }),
      doc('zh-2', '修改收货地址', '在订单发货前可以修改地址。', { language: 'zh' }),
    ]);
    expect(ids(await index.search({ q: '退款', language: 'zh' }))[0]).toBe('zh-1');
    expect(ids(await index.search({ q: '退钱', language: 'zh' }))[0]).toBe('zh-1');
    expect(ids(await index.search({ q: '收货地址', language: 'zh' }))[0]).toBe('zh-2');
  });
}
