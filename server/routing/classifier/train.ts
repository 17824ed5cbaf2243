// Trains the logistic-regression Model with AdaGrad SGD; deterministic via a seeded PRNG.
import { Model } from './model.js';
import { DEFAULT_FEATURE_CONFIG, featurize, type FeatureConfig } from './tokenize.js';
import { REQUEST_TYPES, type Example, type RequestType } from './types.js';

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  // Features seen in fewer documents are dropped (noise and model size).
  minDf?: number;
  seed?: number;
  featureConfig?: FeatureConfig;
  // Softmax temperature stored in the model (see calibrate.ts); 1 = raw softmax.
  temperature?: number;
}

// mulberry32: tiny, fast, and identical across runs — training must be reproducible.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainModel(examples: readonly Example[], opts: TrainOptions = {}): Model {
  if (examples.length === 0) throw new Error('trainModel needs at least one example');
  const cfg = opts.featureConfig ?? DEFAULT_FEATURE_CONFIG;
  const epochs = opts.epochs ?? 40;
  const lr = opts.learningRate ?? 0.5;
  const l2 = opts.l2 ?? 1e-4;
  // Tiny sets (tests, bootstrapping) would lose everything to a df cut-off.
  const minDf = opts.minDf ?? (examples.length >= 200 ? 2 : 1);
  const classes: RequestType[] = [...REQUEST_TYPES];
  const k = classes.length;

  const docs = examples.map((e) => featurize(e.text, cfg));
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const features = [...df.keys()].filter((f) => df.get(f)! >= minDf).sort();
  const index = new Map(features.map((f, i) => [f, i] as const));

  // Pre-index documents once so the epoch loop touches only typed arrays.
  const rows = docs.map((d) => {
    const ids: number[] = [];
    const vals: number[] = [];
    for (const [f, v] of d) {
      const i = index.get(f);
      if (i !== undefined) ids.push(i), vals.push(v);
    }
    return { ids: Int32Array.from(ids), vals: Float64Array.from(vals) };
  });
  const labels = examples.map((e) => classes.indexOf(e.type));

  const W = new Float64Array(features.length * k);
  const G = new Float64Array(features.length * k);
  const b = new Float64Array(k);
  const Gb = new Float64Array(k);
  const order = examples.map((_, i) => i);
  const rand = prng(opts.seed ?? 42);
  const p = new Float64Array(k);

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const { ids, vals } = rows[n]!;
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = b[c]!;
        for (let t = 0; t < ids.length; t++) s += W[ids[t]! * k + c]! * vals[t]!;
        p[c] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += p[c] = Math.exp(p[c]! - max);
      for (let c = 0; c < k; c++) {
        const g = p[c]! / sum - (labels[n] === c ? 1 : 0);
        Gb[c]! += g * g;
        b[c]! -= (lr * g) / Math.sqrt(Gb[c]! + 1e-8);
        for (let t = 0; t < ids.length; t++) {
          const w = ids[t]! * k + c;
          // L2 applied lazily to the features this example touches.
          const grad = g * vals[t]! + l2 * W[w]!;
          G[w]! += grad * grad;
          W[w]! -= (lr * grad) / Math.sqrt(G[w]! + 1e-8);
        }
      }
    }
  }
  return new Model(classes, features, W, b, cfg, opts.temperature ?? 1, {
    trainedOn: examples.length,
    epochs,
    learningRate: lr,
    l2,
    minDf,
  });
}
