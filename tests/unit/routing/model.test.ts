import { describe, expect, it } from 'vitest';
import { classify, loadModel, REQUEST_TYPES, trainModel, type Example } from '../../../server/routing/classifier/index.js';

const tiny: Example[] = [
  { text: 'how much does the pro plan cost', type: 'sales' },
  { text: 'price of the enterprise plan for 50 users', type: 'sales' },
  { text: '专业版多少钱', type: 'sales' },
  { text: 'the app crashes when I log in', type: 'support' },
  { text: 'error when uploading files in the app', type: 'support' },
  { text: 'APP打开就闪退', type: 'support' },
  { text: 'terrible service, I want to speak to a manager', type: 'complaint' },
  { text: 'worst support ever, this is unacceptable', type: 'complaint' },
  { text: '服务太差了，我要投诉', type: 'complaint' },
  { text: 'refund the double charge on my card', type: 'billing' },
  { text: 'the invoice is wrong, please send a new invoice', type: 'billing' },
  { text: '发票开错了，请退款', type: 'billing' },
];

describe('model', () => {
  it('learns a tiny training set', () => {
    const m = trainModel(tiny);
    expect(m.predict('what is the price of the plan').type).toBe('sales');
    expect(m.predict('the app shows an error').type).toBe('support');
    expect(m.predict('unacceptable, terrible service').type).toBe('complaint');
    expect(m.predict('I need a refund for this charge').type).toBe('billing');
    expect(m.predict('我要投诉').type).toBe('complaint');
    expect(m.predict('请退款').type).toBe('billing');
  });

  it('is deterministic: same data gives byte-identical models and predictions', () => {
    const a = JSON.stringify(trainModel(tiny).toJSON());
    const b = JSON.stringify(trainModel(tiny).toJSON());
    expect(a).toBe(b);
    const text = 'I was charged twice, please refund';
    expect(classify(text)).toEqual(classify(text));
  });

  it('round-trips through JSON with identical predictions', () => {
    const m = trainModel(tiny, { temperature: 0.7 });
    const restored = loadModel(JSON.parse(JSON.stringify(m.toJSON())));
    expect(restored.temperature).toBe(0.7);
    expect(restored.features).toEqual(m.features);
    for (const text of ['price of the plan', 'app crashes', '我要投诉', 'refund please', '']) {
      const p = m.predict(text);
      const q = restored.predict(text);
      expect(q.type).toBe(p.type);
      for (const t of REQUEST_TYPES) expect(q.scores[t]).toBeCloseTo(p.scores[t], 3);
    }
  });

  it('rejects malformed model JSON', () => {
    const json = trainModel(tiny).toJSON();
    expect(() => loadModel({ ...json, weights: json.weights.slice(1) })).toThrow();
    expect(() => loadModel({ ...json, kind: 'bayes' })).toThrow();
    expect(() => loadModel(null)).toThrow();
  });

  it('returns probabilities that sum to 1 with confidence = top score', () => {
    const c = classify('Can I get a quote for 200 licences?');
    const sum = REQUEST_TYPES.reduce((s, t) => s + c.scores[t], 0);
    expect(sum).toBeCloseTo(1, 9);
    expect(c.confidence).toBeCloseTo(Math.max(...Object.values(c.scores)), 9);
    expect(c.type).toBe('sales');
  });

  it('handles empty and whitespace input without crashing, with low confidence', () => {
    for (const text of ['', '   ', '!!!', '🙂']) {
      const c = classify(text);
      expect(REQUEST_TYPES).toContain(c.type);
      expect(c.confidence).toBeLessThanOrEqual(0.25);
      expect(c.confidence).toBeGreaterThanOrEqual(0);
    }
    expect(classify('').priority).toBe(0);
  });
});
