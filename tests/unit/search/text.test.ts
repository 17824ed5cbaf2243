// The search normalisation and query building (server/search/text.ts, snippet.ts): what both
// engines see, that no query character survives as engine syntax, and that snippets are escaped.
import { describe, expect, it } from 'vitest';
import { snippet } from '../../../server/search/snippet.js';
import { customerSearchText, digitSuffixes, fts5Expression, matchesTerms, queryTerms, searchText, tsqueryExpression } from '../../../server/search/text.js';

describe('search text', () => {
  it('lower-cases, turns punctuation into spaces and stands each CJK character alone', () => {
    expect(searchText('Jane.Doe@Example.com 我要退款！ Café')).toBe('jane doe example com  我  要  退  款  café');
    expect(searchText(null)).toBe('');
  });

  it('indexes every 3+ digit suffix of a phone', () => {
    expect(digitSuffixes('+49 151-234')).toBe('49151234 9151234 151234 51234 1234 234');
    expect(customerSearchText('Ada', null, 'ACME', '12')).toBe('ada  acme ');
  });

  it('builds quoted terms: words, CJK phrases, a prefix for the last word of 3+ letters, digits for a phone', () => {
    const terms = queryTerms('Refund 退款 ord');
    expect(fts5Expression(terms)).toBe('"refund" AND "退 款" AND "ord"*');
    expect(tsqueryExpression(terms)).toBe(`('refund') & ('退' <-> '款') & 'ord':*`);
    expect(fts5Expression(queryTerms('+49 (151) 2398'))).toBe('"491512398"*');
    expect(queryTerms('ab')).toEqual([{ tokens: ['ab'], prefix: false }]);
  });

  it('leaves no engine syntax: punctuation-only queries have no terms, the rest only letters and digits', () => {
    for (const q of ['', '!!!', '"', '*', '-:', '<->', '&|!', "'"]) expect(queryTerms(q), q).toEqual([]);
    const expr = fts5Expression(queryTerms('NEAR(a b) "x" -y body:z foo* OR'));
    expect(expr).toBe('"near" AND "a" AND "b" AND "x" AND "y" AND "body" AND "z" AND "foo"*'); // the 9th term is dropped
    expect(queryTerms('a b c d e f g h i j k')).toHaveLength(8);
  });

  it('matches normalised text the way the engines do', () => {
    const text = searchText('我要退款 for the refunds');
    expect(matchesTerms(text, queryTerms('退款 refu'))).toBe(true);
    expect(matchesTerms(text, queryTerms('款退'))).toBe(false);
    expect(matchesTerms(text, queryTerms('refund for'))).toBe(false); // only the last word is a prefix
  });
});

describe('snippet', () => {
  it('escapes the text and wraps each hit in <mark>', () => {
    expect(snippet('My <b>order</b> & the Refund', queryTerms('refund'))).toBe('My &#60;b&#62;order&#60;/b&#62; &#38; the <mark>Refund</mark>');
    expect(snippet('你好，我要退款！', queryTerms('退款'))).toBe('你好，我要<mark>退款</mark>！');
  });

  it('centres a long text on the first hit', () => {
    const long = `${'word '.repeat(100)}needle ${'tail '.repeat(100)}`;
    const s = snippet(long, queryTerms('needle'));
    expect(s).toContain('<mark>needle</mark>');
    expect(s.startsWith('… ')).toBe(true);
    expect(s.endsWith(' …')).toBe(true);
    expect(s.length).toBeLessThan(200);
  });
});
