// Trains the request classifier on server/routing/data/train.jsonl and writes model.json.
// Usage: npx tsx scripts/train-routing.ts [--extra corrections.jsonl]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MODEL_PATH, readJsonl, TRAIN_PATH, type LabelledExample } from '../server/routing/classifier/dataset.js';
import { fitTemperature } from '../server/routing/classifier/calibrate.js';
import { trainModel, type TrainOptions } from '../server/routing/classifier/train.js';
import { REQUEST_TYPES } from '../server/routing/classifier/types.js';

const { values } = parseArgs({
  options: { extra: { type: 'string', multiple: true }, out: { type: 'string' } },
});

const base = readJsonl(TRAIN_PATH);
// Agent corrections come last; duplicates of a base text override its label.
const extra = (values.extra ?? []).flatMap((p) => readJsonl(p));
const byText = new Map<string, LabelledExample>();
for (const ex of [...base, ...extra]) byText.set(ex.text.trim(), ex);
const examples = [...byText.values()];

console.log(`train.jsonl: ${base.length} examples${extra.length ? `, extra: ${extra.length}` : ''}, unique: ${examples.length}`);
console.log('type'.padEnd(11) + 'en'.padStart(6) + 'zh'.padStart(6) + 'total'.padStart(7));
for (const t of REQUEST_TYPES) {
  const n = (l: string) => examples.filter((e) => e.type === t && e.language === l).length;
  console.log(t.padEnd(11) + String(n('en')).padStart(6) + String(n('zh')).padStart(6) + String(n('en') + n('zh')).padStart(7));
}

// Chosen by 5-fold cross-validation on train.jsonl (never on the test split).
const opts: TrainOptions = { learningRate: 0.2, epochs: 40, l2: 1e-4, minDf: 2 };
const t0 = performance.now();
const cal = fitTemperature(examples, opts);
console.log(
  `calibration (5-fold on train): accuracy ${(cal.accuracy * 100).toFixed(1)}%, ` +
    `temperature ${cal.temperature}, mean confidence ${(cal.meanConfidence * 100).toFixed(1)}%`,
);
const model = trainModel(examples, { ...opts, temperature: cal.temperature });
const ms = performance.now() - t0;
const json = JSON.stringify(model.toJSON());
const out = values.out ?? MODEL_PATH;
writeFileSync(out, json + '\n');
console.log(`features: ${model.features.length}, trained in ${ms.toFixed(0)} ms`);
console.log(`wrote ${out} (${(json.length / 1024).toFixed(0)} KiB)`);
