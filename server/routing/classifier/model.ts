// Multinomial logistic regression over sparse string features; (de)serialises to JSON.
import { z } from 'zod';
import { DEFAULT_FEATURE_CONFIG, FEATURE_GROUPS, featurize, type FeatureConfig } from './tokenize.js';
import { REQUEST_TYPES, type Prediction, type RequestType } from './types.js';

const groupWeights = z.object(Object.fromEntries(FEATURE_GROUPS.map((g) => [g, z.number()])) as Record<
  (typeof FEATURE_GROUPS)[number],
  z.ZodNumber
>);

export const modelJsonSchema = z.object({
  kind: z.literal('logreg'),
  version: z.literal(1),
  classes: z.array(z.enum(REQUEST_TYPES)).length(REQUEST_TYPES.length),
  featureConfig: z.object({ charMin: z.number().int(), charMax: z.number().int(), groupWeights }),
  temperature: z.number().positive(),
  bias: z.array(z.number()),
  features: z.array(z.string()),
  // Row-major: weights[f * classes.length + c].
  weights: z.array(z.number()),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type ModelJSON = z.infer<typeof modelJsonSchema>;

export class Model {
  private readonly index = new Map<string, number>();
  private readonly k: number;

  constructor(
    readonly classes: readonly RequestType[],
    readonly features: readonly string[],
    readonly weights: Float64Array,
    readonly bias: Float64Array,
    readonly featureConfig: FeatureConfig = DEFAULT_FEATURE_CONFIG,
    readonly temperature = 1,
    readonly meta: Record<string, unknown> = {},
  ) {
    this.k = classes.length;
    if (weights.length !== features.length * this.k || bias.length !== this.k) {
      throw new Error('model weights do not match feature/class counts');
    }
    features.forEach((f, i) => this.index.set(f, i));
  }

  // Raw class scores; unknown features are ignored. `known` counts content features
  // only: punctuation/caps shape alone says something about tone, nothing about intent.
  logits(text: string): { logits: Float64Array; known: number } {
    const out = Float64Array.from(this.bias);
    let known = 0;
    for (const [feat, x] of featurize(text, this.featureConfig)) {
      const i = this.index.get(feat);
      if (i === undefined) continue;
      if (!feat.startsWith('s:')) known++;
      const row = i * this.k;
      for (let c = 0; c < this.k; c++) out[c]! += this.weights[row + c]! * x;
    }
    return { logits: out, known };
  }

  predict(text: string): Prediction {
    const { logits, known } = this.logits(text);
    const probs = softmax(logits, this.temperature);
    let best = 0;
    for (let c = 1; c < this.k; c++) if (probs[c]! > probs[best]!) best = c;
    const scores = {} as Record<RequestType, number>;
    this.classes.forEach((cls, c) => (scores[cls] = probs[c]!));
    // With no known content feature the guess is uninformed; report it as no confidence.
    const confidence = known === 0 ? Math.min(probs[best]!, 1 / this.k) : probs[best]!;
    return { type: this.classes[best]!, confidence, scores };
  }

  toJSON(): ModelJSON {
    // 4 decimals keeps model.json small without measurably changing predictions.
    const round = (v: number) => Math.round(v * 1e4) / 1e4;
    return {
      kind: 'logreg',
      version: 1,
      classes: [...this.classes],
      featureConfig: this.featureConfig,
      temperature: this.temperature,
      bias: Array.from(this.bias, round),
      features: [...this.features],
      weights: Array.from(this.weights, round),
      meta: this.meta,
    };
  }
}

export function softmax(logits: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp((logits[i]! - max) / temperature);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

export function loadModel(json: unknown): Model {
  const m = modelJsonSchema.parse(typeof json === 'string' ? JSON.parse(json) : json);
  return new Model(
    m.classes,
    m.features,
    Float64Array.from(m.weights),
    Float64Array.from(m.bias),
    m.featureConfig,
    m.temperature,
    m.meta ?? {},
  );
}
