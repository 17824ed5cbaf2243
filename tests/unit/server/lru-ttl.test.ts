import { describe, expect, it } from 'vitest';
import { LruTtl } from '../../../server/cache/lru-ttl.js';

describe('LruTtl', () => {
  it('drops the least recently used entry when full, and expired entries on read', () => {
    let now = 0;
    const cache = new LruTtl<string, number>(2, 100, () => now);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    now = 150;
    expect(cache.get('c')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
