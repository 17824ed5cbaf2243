import { describe, expect, it } from 'vitest';
import { featurize, segmentChinese, tokenize } from '../../../server/routing/classifier/tokenize.js';
import { normalize } from '../../../server/routing/classifier/normalize.js';

describe('tokenizer', () => {
  it('uses Intl.Segmenter words plus character bigrams for Chinese', () => {
    const tokens = tokenize('我的账单被重复扣费了');
    expect(segmentChinese('我的账单被重复扣费了')).toContain('账单');
    expect(tokens).toContain('zw:账单');
    expect(tokens).toContain('zw:重复');
    // The segmenter splits 扣|费了, so the bigram is what captures 扣费.
    expect(tokens).toContain('zb:扣费');
    expect(tokens.some((t) => t.startsWith('w:'))).toBe(false);
  });

  it('produces English unigrams, bigrams and 3-5 char n-grams', () => {
    const tokens = tokenize('Refund my order');
    expect(tokens).toEqual(expect.arrayContaining(['w:refund', 'w:my', 'b:refund_my', 'b:my_order']));
    expect(tokens).toEqual(expect.arrayContaining(['c: re', 'c:refu', 'c:efund', 'c:und ']));
    expect(tokens.some((t) => t.startsWith('c:') && t.length - 2 > 5)).toBe(false);
    expect(tokens).not.toContain('b:order_'); // no bigram past the end
  });

  it('handles mixed text and keeps English words inside Chinese', () => {
    const tokens = tokenize('APP登录不了');
    expect(tokens).toContain('w:app');
    expect(tokens).toContain('zb:登录');
  });

  it('normalises case, full-width punctuation, digits and repeats', () => {
    expect(normalize('ＲＥＦＵＮＤ！！！ Order 12345')).toBe('refund!! order 0');
    expect(tokenize('SOOOO slow')).toContain('w:soo');
  });

  it('returns a unit-length feature vector, and nothing for empty text', () => {
    const v = featurize('Where is my invoice for March?');
    const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
    expect(norm).toBeCloseTo(1, 6);
    expect(featurize('').size).toBe(0);
    expect(tokenize('   ')).toEqual([]);
  });
});
