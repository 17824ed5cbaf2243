import { describe, expect, it } from 'vitest';
import { EmbeddedSearchIndex } from '../../../server/kb/search/embedded.js';
import { createSearchIndex } from '../../../server/kb/search/index.js';
import { MAX_LIMIT, MAX_QUERY_LENGTH, SNIPPET_MAX_LENGTH, type SearchQuery } from '../../../server/kb/search/port.js';
import { clampQuery, makeSnippet, tokenize, truncateText, typoBudget } from '../../../server/kb/search/text.js';
import { doc, searchIndexContract } from './search-contract.js';

describe('EmbeddedSearchIndex: SearchIndex contract', () => {
  searchIndexContract(() => new EmbeddedSearchIndex(), { relevance: true });
});

async function indexWith(...docs: Parameters<typeof doc>[]): Promise<EmbeddedSearchIndex> {
  const index = new EmbeddedSearchIndex();
  await index.upsert(docs.map((args) => doc(...args)));
  return index;
}

const ids = async (index: EmbeddedSearchIndex, q: string | SearchQuery) =>
  (await index.search(typeof q === 'string' ? { q } : q)).map((h) => h.id);

describe('EmbeddedSearchIndex: Meilisearch-like matching', () => {
  it('allows no typo below 5 letters, 1 from 5, 2 from 9', async () => {
    expect([typoBudget('card'), typoBudget('parcel'), typoBudget('shipments'), typoBudget('退款')]).toEqual([0, 1, 2, 0]);
    const index = await indexWith(['a', 'Gift card', 'card balance'], ['b', 'Parcel tracking', 'parcel'], ['c', 'Authentication', 'authentication']);
    expect(await ids(index, 'cxrd')).toEqual([]);
    expect(await ids(index, 'parcxl')).toEqual(['b']);
    expect(await ids(index, 'pxrcxl')).toEqual([]);
    expect(await ids(index, 'authentcaton')).toEqual(['c']);
  });

  it('counts an adjacent transposition as one typo ("refnud" finds "refund")', async () => {
    const index = await indexWith(['r', 'Request a refund', 'refund'], ['x', 'Other', 'nothing here']);
    expect(await ids(index, 'refnud')).toEqual(['r']);
    expect(await ids(index, 'pasword resset')).toEqual([]);
  });

  it('treats only the last word as a prefix, and not once it is followed by a space', async () => {
    const index = await indexWith(['t', 'Tracking', 'tracking'], ['p', 'Parcel', 'parcel']);
    expect(await ids(index, 'trac')).toEqual(['t']);
    expect(await ids(index, 'trac parcel')).toEqual(['p']);
    expect(await ids(index, 'trac ')).toEqual([]);
  });

  it('ranks title matches above body and tag matches', async () => {
    const index = await indexWith(
      ['body', 'Orders', 'How a warranty claim works for orders.'],
      ['tags', 'Repairs', 'Send it in.', { tags: ['warranty'] }],
      ['title', 'Warranty', 'Coverage details.'],
    );
    expect((await ids(index, 'warranty'))[0]).toBe('title');
  });

  it('prefers documents that match more of the query words', async () => {
    const index = await indexWith(
      ['one', 'Cancel', 'Cancel cancel cancel anything at all.'],
      ['both', 'Cancel your subscription', 'Cancel the subscription from billing.'],
    );
    expect((await ids(index, 'cancel subscription'))[0]).toBe('both');
  });

  it('applies synonyms in both directions, including phrases and Chinese', async () => {
    const index = await indexWith(
      ['login', 'Login problems', 'Trouble with login'],
      ['signin', 'Cannot sign in', 'Sign in page errors'],
      ['zh-login', '登录失败', '无法登录', { language: 'zh' }],
      ['zh-invoice', '申请发票', '电子发票', { language: 'zh' }],
    );
    expect((await ids(index, 'log in')).sort()).toEqual(['login', 'signin']);
    expect((await ids(index, 'signin')).sort()).toEqual(['login', 'signin']);
    expect(await ids(index, { q: '登陆', language: 'zh' })).toEqual(['zh-login']);
    expect(await ids(index, { q: '收据', language: 'zh' })).toEqual(['zh-invoice']);
  });

  it('indexes synonym phrases as adjacent words ("sign-in" matches "login", "e-mail" matches "email")', async () => {
    const index = await indexWith(['a', 'Help', 'Use the sign-in page.'], ['b', 'Contact', 'Send an e-mail.'], ['c', 'Signs', 'Sign the form in ink.']);
    expect(await ids(index, 'login')).toEqual(['a']);
    expect(await ids(index, 'email')).toEqual(['b']);
  });

  it('treats a stop word being typed as the start of a longer word', async () => {
    const index = await indexWith(['inv', 'Invoices', 'Download invoices.'], ['other', 'Other', 'Nothing in here.']);
    expect(await ids(index, 'in')).toEqual(['inv']);
    expect(await ids(index, 'in ')).toEqual(['other']);
  });

  it('segments Chinese with Intl.Segmenter and ignores filler words in questions', async () => {
    expect(tokenize('怎么申请退款')).toEqual(['怎么', '申请', '退款']);
    expect(tokenize('Café RÉSUMÉ ２ＦＡ')).toEqual(['cafe', 'resume', '2fa']);
    const index = await indexWith(['zh-refund', '如何申请退款', '在订单页面申请退款。', { language: 'zh' }], ['zh-other', '修改地址', '地址', { language: 'zh' }]);
    expect(await ids(index, { q: '我想退钱', language: 'zh' })).toEqual(['zh-refund']);
    expect(await ids(index, { q: '怎么申请退款', language: 'zh' })).toEqual(['zh-refund']);
  });

  it('builds snippets around the best match, at most 160 chars, Markdown stripped', async () => {
    const body = `# Intro\n\n${'Lots of **unrelated** text here. '.repeat(20)}\n\nTo reset the *password*, open [settings](https://example.com).`;
    const index = await indexWith(['s', 'Security', body]);
    const [hit] = await index.search({ q: 'reset password' });
    expect(hit!.snippet.length).toBeLessThanOrEqual(SNIPPET_MAX_LENGTH);
    expect(hit!.snippet).toContain('reset the password, open settings');
    expect(hit!.snippet.startsWith('…')).toBe(true);
    expect(hit!.snippet).not.toMatch(/[*#[\]()]/);
    expect(makeSnippet('short text', ['text'])).toBe('short text');
  });

  it('updates and removes documents in place', async () => {
    const index = await indexWith(['u', 'Walrus', 'walrus']);
    await index.upsert([doc('u', 'Seal', 'seal')]);
    expect(await ids(index, 'walrus')).toEqual([]);
    await index.remove(['u']);
    expect(await ids(index, 'seal')).toEqual([]);
    await index.upsert([doc('u', 'Walrus again', 'walrus')]);
    expect(await ids(index, 'walrus')).toEqual(['u']);
  });
});

describe('EmbeddedSearchIndex: bad input', () => {
  it(`exports MAX_QUERY_LENGTH = 200 and truncates longer queries`, async () => {
    expect(MAX_QUERY_LENGTH).toBe(200);
    expect(clampQuery('a'.repeat(10_000))).toHaveLength(200);
    // A surrogate pair split by the cut is dropped rather than left half-encoded.
    expect(clampQuery('a'.repeat(199) + '😀')).toBe('a'.repeat(199));
    const index = await indexWith(['far', 'Narwhal', 'narwhal']);
    expect(await ids(index, 'x'.repeat(300) + ' narwhal')).toEqual([]);
    const started = performance.now();
    await index.search({ q: 'narwhal '.repeat(1250) });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('returns [] for empty, blank, punctuation-only and non-string queries', async () => {
    const index = await indexWith(['x', 'Anything', 'anything']);
    for (const q of ['', '   ', '?!…', '***', '\u0000']) expect(await ids(index, q)).toEqual([]);
    expect(await index.search({ q: undefined as unknown as string })).toEqual([]);
    expect(await index.search({ q: 42 as unknown as string })).toEqual([]);
  });

  it('does not choke on HTML, regex metacharacters or only stop words', async () => {
    const index = await indexWith(['h', 'How to pay', 'how to pay with a card']);
    expect(await ids(index, '<script>alert(1)</script>')).toEqual([]);
    expect(await ids(index, '.*+?^${}()|[]\\')).toEqual([]);
    expect(await ids(index, 'how to')).toEqual(['h']);
  });

  it('clamps limit to 1..100', async () => {
    const index = new EmbeddedSearchIndex();
    await index.upsert(Array.from({ length: 120 }, (_, i) => doc(`d${i}`, `Puffin ${i}`, 'puffin')));
    expect(await index.search({ q: 'puffin', limit: 0 })).toHaveLength(1);
    expect(await index.search({ q: 'puffin', limit: -5 })).toHaveLength(1);
    expect(await index.search({ q: 'puffin', limit: 1000 })).toHaveLength(MAX_LIMIT);
    expect(await index.search({ q: 'puffin', limit: Number.NaN })).toHaveLength(10);
  });
});

describe('createSearchIndex', () => {
  it('uses the embedded index when no Meilisearch URL is configured', () => {
    expect(createSearchIndex({})).toBeInstanceOf(EmbeddedSearchIndex);
    expect(createSearchIndex({ meilisearchUrl: '  ' })).toBeInstanceOf(EmbeddedSearchIndex);
  });
});

describe('snippet helpers', () => {
  it('never split a surrogate pair when cutting', () => {
    const text = 'x'.repeat(158) + '😀' + 'y'.repeat(50);
    const cut = truncateText(text);
    expect(cut.length).toBeLessThanOrEqual(SNIPPET_MAX_LENGTH);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    const snippet = makeSnippet('😀'.repeat(200) + ' needle ' + '😀'.repeat(200), ['needle']);
    expect(snippet).toContain('needle');
    expect(snippet).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});
