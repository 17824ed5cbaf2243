import { describe, expect, it } from 'vitest';
import { cleanDeep, cleanText, truncate } from '../../../server/text.js';

describe('text cleaning', () => {
  it('removes NUL and replaces each lone surrogate, keeping pairs and other text as they are', () => {
    expect(cleanText('a\u0000b')).toBe('ab');
    expect(cleanText('\uD83D x \uDE00')).toBe('\uFFFD x \uFFFD');
    expect(cleanText('emoji 😀 and 中文')).toBe('emoji 😀 and 中文');
    const clean = 'nothing to do';
    expect(cleanText(clean)).toBe(clean);
  });

  it('cleans strings anywhere in a payload, in place, and leaves other values alone', () => {
    const payload = { a: 'x\u0000', list: ['\uD800', 1, null, { deep: 'y\u0000' }], n: 2, buf: Buffer.from('\u0000') };
    expect(cleanDeep(payload)).toBe(payload);
    expect(payload).toEqual({ a: 'x', list: ['\uFFFD', 1, null, { deep: 'y' }], n: 2, buf: Buffer.from('\u0000') });
    expect(cleanDeep('top\u0000')).toBe('top');
  });

  it('truncates without leaving half a surrogate pair', () => {
    expect(truncate('ab😀', 3)).toBe('ab');
    expect(truncate('ab😀', 4)).toBe('ab😀');
    expect(truncate('abc', 10)).toBe('abc');
    expect(truncate('😀😀', 2)).toBe('😀');
  });
});
