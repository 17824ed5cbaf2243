// Accuracy gate: the shipped model.json must meet the routing targets on the held-out split.
import { describe, expect, it } from 'vitest';
import { readJsonl, TEST_PATH, TRAIN_PATH } from '../../../server/routing/classifier/dataset.js';
import { evaluate, gateFailures, TARGET_OVERALL, TARGET_PER_TYPE } from '../../../server/routing/classifier/evaluate.js';
import { classify, getModel, REQUEST_TYPES, trainModel } from '../../../server/routing/classifier/index.js';

const test = readJsonl(TEST_PATH);
const train = readJsonl(TRAIN_PATH);

describe('held-out accuracy gate', () => {
  it('has a stratified test split of at least 20% per type and language, disjoint from train', () => {
    const trainTexts = new Set(train.map((e) => e.text.toLowerCase()));
    expect(test.filter((e) => trainTexts.has(e.text.toLowerCase()))).toEqual([]);
    for (const type of REQUEST_TYPES) {
      for (const language of ['en', 'zh'] as const) {
        const nTest = test.filter((e) => e.type === type && e.language === language).length;
        const nTrain = train.filter((e) => e.type === type && e.language === language).length;
        expect(nTest).toBeGreaterThanOrEqual(30);
        expect(nTest + nTrain).toBeGreaterThanOrEqual(150);
      }
    }
  });

  it(`reaches >= ${TARGET_OVERALL * 100}% overall and >= ${TARGET_PER_TYPE * 100}% per type`, () => {
    const report = evaluate(test, (t) => classify(t));
    expect(gateFailures(report)).toEqual([]);
    // Both languages must carry their weight, not just the average.
    for (const lang of ['en', 'zh'] as const) expect(report.perLanguage[lang]!.accuracy).toBeGreaterThanOrEqual(0.88);
  });

  it('the gate rejects an under-trained model (so it can actually fail)', () => {
    const weak = trainModel(train.filter((_, i) => i % 60 === 0));
    expect(gateFailures(evaluate(test, (t) => weak.predict(t))).length).toBeGreaterThan(0);
  });

  it('is roughly calibrated: mean confidence within 10 points of accuracy', () => {
    const report = evaluate(test, (t) => classify(t));
    const meanConf = test.reduce((s, e) => s + classify(e.text).confidence, 0) / test.length;
    expect(Math.abs(meanConf - report.accuracy)).toBeLessThan(0.1);
  });

  it('classifies well under 1 ms per message', () => {
    getModel();
    const texts = test.map((e) => e.text);
    const start = performance.now();
    for (let r = 0; r < 3; r++) for (const t of texts) classify(t);
    const msPerMessage = (performance.now() - start) / (3 * texts.length);
    expect(msPerMessage).toBeLessThan(1);
  });
});
