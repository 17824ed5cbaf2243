// Accuracy metrics shared by the eval script and the accuracy-gate test.
import type { LabelledExample } from './dataset.js';
import { REQUEST_TYPES, type Language, type Prediction, type RequestType } from './types.js';

export const TARGET_OVERALL = 0.92;
export const TARGET_PER_TYPE = 0.85;

export interface EvalReport {
  total: number;
  accuracy: number;
  perType: Record<RequestType, { n: number; recall: number; precision: number }>;
  perLanguage: Partial<Record<Language, { n: number; accuracy: number }>>;
  // confusion[actual][predicted]
  confusion: Record<RequestType, Record<RequestType, number>>;
  errors: { text: string; actual: RequestType; predicted: RequestType; confidence: number }[];
}

export function evaluate(examples: readonly LabelledExample[], predict: (t: string) => Prediction): EvalReport {
  const zeroRow = () => Object.fromEntries(REQUEST_TYPES.map((t) => [t, 0])) as Record<RequestType, number>;
  const confusion = Object.fromEntries(REQUEST_TYPES.map((t) => [t, zeroRow()])) as EvalReport['confusion'];
  const lang: Partial<Record<Language, { n: number; ok: number }>> = {};
  const errors: EvalReport['errors'] = [];
  let ok = 0;
  for (const ex of examples) {
    const p = predict(ex.text);
    confusion[ex.type][p.type]++;
    const l = (lang[ex.language] ??= { n: 0, ok: 0 });
    l.n++;
    if (p.type === ex.type) ok++, l.ok++;
    else errors.push({ text: ex.text, actual: ex.type, predicted: p.type, confidence: p.confidence });
  }
  const perType = {} as EvalReport['perType'];
  for (const t of REQUEST_TYPES) {
    const n = REQUEST_TYPES.reduce((s, u) => s + confusion[t][u], 0);
    const predicted = REQUEST_TYPES.reduce((s, u) => s + confusion[u][t], 0);
    perType[t] = { n, recall: n ? confusion[t][t] / n : 0, precision: predicted ? confusion[t][t] / predicted : 0 };
  }
  const perLanguage: EvalReport['perLanguage'] = {};
  for (const [l, v] of Object.entries(lang) as [Language, { n: number; ok: number }][]) {
    perLanguage[l] = { n: v.n, accuracy: v.ok / v.n };
  }
  return { total: examples.length, accuracy: examples.length ? ok / examples.length : 0, perType, perLanguage, confusion, errors };
}

// Human-readable failures against the routing targets; empty means the gate passes.
export function gateFailures(r: EvalReport): string[] {
  const out: string[] = [];
  if (r.accuracy < TARGET_OVERALL) out.push(`overall ${pct(r.accuracy)} < ${pct(TARGET_OVERALL)}`);
  for (const t of REQUEST_TYPES) {
    if (r.perType[t].recall < TARGET_PER_TYPE) out.push(`${t} ${pct(r.perType[t].recall)} < ${pct(TARGET_PER_TYPE)}`);
  }
  return out;
}

export function pct(x: number): string {
  return (x * 100).toFixed(1) + '%';
}

export function formatConfusion(r: EvalReport): string {
  const w = 11;
  const head = 'actual \\ pred'.padEnd(14) + REQUEST_TYPES.map((t) => t.padStart(w)).join('') + 'recall'.padStart(w);
  const lines = REQUEST_TYPES.map(
    (a) =>
      a.padEnd(14) +
      REQUEST_TYPES.map((p) => String(r.confusion[a][p]).padStart(w)).join('') +
      pct(r.perType[a].recall).padStart(w),
  );
  return [head, ...lines].join('\n');
}
