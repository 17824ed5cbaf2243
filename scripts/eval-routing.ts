// Evaluates the shipped model.json on the held-out test split; exits 1 below target.
// Usage: npx tsx scripts/eval-routing.ts [--model path/to/model.json] [--errors]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MODEL_PATH, readJsonl, TEST_PATH } from '../server/routing/classifier/dataset.js';
import { evaluate, formatConfusion, gateFailures, pct, TARGET_OVERALL, TARGET_PER_TYPE } from '../server/routing/classifier/evaluate.js';
import { classify } from '../server/routing/classifier/index.js';
import { loadModel } from '../server/routing/classifier/model.js';
import { REQUEST_TYPES } from '../server/routing/classifier/types.js';

const { values } = parseArgs({ options: { model: { type: 'string' }, errors: { type: 'boolean' } } });

const t0 = performance.now();
const model = loadModel(JSON.parse(readFileSync(values.model ?? MODEL_PATH, 'utf8')));
const loadMs = performance.now() - t0;
const test = readJsonl(TEST_PATH);
const report = evaluate(test, (t) => classify(t, model));

console.log(`test examples: ${report.total}  (model: ${model.features.length} features, loaded in ${loadMs.toFixed(1)} ms)`);
console.log(`overall accuracy: ${pct(report.accuracy)}  (target ${pct(TARGET_OVERALL)})\n`);
console.log('type'.padEnd(11) + 'n'.padStart(5) + 'recall'.padStart(9) + 'precision'.padStart(11));
for (const t of REQUEST_TYPES) {
  const r = report.perType[t];
  console.log(t.padEnd(11) + String(r.n).padStart(5) + pct(r.recall).padStart(9) + pct(r.precision).padStart(11));
}
console.log(`\nconfusion matrix (rows = actual, cols = predicted; per-type target ${pct(TARGET_PER_TYPE)}):`);
console.log(formatConfusion(report));
console.log('\nper language:');
for (const [lang, r] of Object.entries(report.perLanguage)) console.log(`  ${lang}: ${pct(r.accuracy)} of ${r.n}`);

// Calibration check: mean confidence should sit near accuracy.
const conf = test.map((e) => classify(e.text, model).confidence);
const meanConf = conf.reduce((s, c) => s + c, 0) / conf.length;
const confident = test.filter((_, i) => conf[i]! >= 0.8);
const confidentOk = confident.filter((e) => classify(e.text, model).type === e.type).length;
console.log(`\nmean confidence: ${pct(meanConf)} (temperature ${model.temperature})`);
console.log(`confidence >= 0.8: ${confident.length}/${test.length} messages, ${pct(confidentOk / Math.max(1, confident.length))} correct`);

// Full classify() (features + model + language + priority), after a warm-up pass.
const texts = test.map((e) => e.text);
for (const t of texts) classify(t, model);
const rounds = 20;
const start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const t of texts) classify(t, model);
const us = Number(process.hrtime.bigint() - start) / 1000 / (rounds * texts.length);
console.log(`\nmean latency: ${us.toFixed(1)} µs per classification (${rounds * texts.length} calls)`);

if (values.errors) {
  console.log('\nmisclassified:');
  for (const e of report.errors) console.log(`  ${e.actual} -> ${e.predicted} (${e.confidence.toFixed(2)}) ${e.text}`);
}
const failures = gateFailures(report);
if (failures.length > 0) {
  console.error(`\nFAIL: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('\nPASS: all routing accuracy targets met');
