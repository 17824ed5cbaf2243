import { describe, expect, it } from 'vitest';
import { evaluateEmbedded, HIT3_THRESHOLD, loadKbData } from '../../../scripts/eval-kb.js';

describe('KB relevance (server/kb/data)', () => {
  it('has a realistic, mixed-language evaluation set', () => {
    const { articles, queries } = loadKbData();
    expect(articles.length).toBeGreaterThanOrEqual(40);
    expect(new Set(articles.map((a) => a.language))).toEqual(new Set(['en', 'zh']));
    expect(queries.length).toBeGreaterThanOrEqual(60);
    for (const kind of ['typo', 'synonym', 'prefix', 'question', 'keyword']) {
      expect(queries.some((q) => q.kind === kind), kind).toBe(true);
    }
    expect(queries.filter((q) => q.language === 'zh').length).toBeGreaterThanOrEqual(15);
  });

  it(`embedded index reaches hit@3 >= ${HIT3_THRESHOLD}`, async () => {
    const result = await evaluateEmbedded();
    const misses = result.misses.filter((m) => !m.got.includes(m.expected));
    expect(result.hit3, JSON.stringify(misses, null, 1)).toBeGreaterThanOrEqual(HIT3_THRESHOLD);
    expect(result.hit1).toBeGreaterThanOrEqual(0.8);
  });
});
