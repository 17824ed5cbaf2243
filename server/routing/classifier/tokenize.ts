// Feature extraction: namespaced string features, weighted per group and L2-normalised.
import { hanRuns, latinClauses, normalize } from './normalize.js';

// Groups: w/b = English word uni/bigrams, c = char n-grams, zw = Chinese words,
// zb/zc = Chinese char bigrams/unigrams, s = shape (punctuation, caps).
export const FEATURE_GROUPS = ['w', 'b', 'c', 'zw', 'zb', 'zc', 's'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

export interface FeatureConfig {
  charMin: number;
  charMax: number;
  groupWeights: Record<FeatureGroup, number>;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  charMin: 3,
  charMax: 5,
  groupWeights: { w: 1, b: 0.7, c: 1, zw: 1, zb: 1, zc: 0.6, s: 0.4 },
};

// The ICU segmenter is expensive to construct, so one instance is shared.
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

export function segmentChinese(run: string): string[] {
  const words: string[] = [];
  for (const s of segmenter.segment(run)) if (s.isWordLike) words.push(s.segment);
  return words;
}

// Raw namespaced tokens (with repeats) — exposed for tests and debugging.
export function tokenize(text: string, cfg: FeatureConfig = DEFAULT_FEATURE_CONFIG): string[] {
  const out: string[] = [];
  const norm = normalize(text);
  for (const words of latinClauses(norm)) {
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      out.push('w:' + w);
      if (i + 1 < words.length) out.push('b:' + w + '_' + words[i + 1]);
      // Padded char n-grams make the model robust to typos and inflections.
      const padded = ' ' + w + ' ';
      for (let n = cfg.charMin; n <= cfg.charMax; n++) {
        for (let j = 0; j + n <= padded.length; j++) out.push('c:' + padded.slice(j, j + n));
      }
    }
  }
  for (const run of hanRuns(norm)) {
    for (const word of segmentChinese(run)) out.push('zw:' + word);
    // Char bigrams recover phrases the segmenter splits differently (e.g. 扣/费了).
    const chars = Array.from(run);
    for (let i = 0; i < chars.length; i++) {
      out.push('zc:' + chars[i]);
      if (i + 1 < chars.length) out.push('zb:' + chars[i] + chars[i + 1]);
    }
  }
  pushShape(text, norm, out);
  return out;
}

// Tone cues survive lowercasing only if read from the raw text.
function pushShape(raw: string, norm: string, out: string[]): void {
  const bangs = (norm.match(/!/g) ?? []).length;
  if (bangs > 0) out.push('s:!');
  if (bangs > 1) out.push('s:!!');
  if (norm.includes('?')) out.push('s:?');
  if (/\?{2}|\?!|!\?/.test(norm)) out.push('s:??');
  if (/\b[A-Z]{4,}\b/.test(raw)) out.push('s:caps');
}

function groupOf(token: string): FeatureGroup {
  return token.slice(0, token.indexOf(':')) as FeatureGroup;
}

// Sublinear tf per feature, each group scaled to unit norm times its weight, then the
// whole vector normalised — so long texts with many char n-grams don't drown words.
export function featurize(text: string, cfg: FeatureConfig = DEFAULT_FEATURE_CONFIG): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(text, cfg)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const groupNorm = new Map<FeatureGroup, number>();
  for (const [t, c] of counts) {
    const v = 1 + Math.log(c);
    counts.set(t, v);
    const g = groupOf(t);
    groupNorm.set(g, (groupNorm.get(g) ?? 0) + v * v);
  }
  let total = 0;
  for (const [t, v] of counts) {
    const g = groupOf(t);
    const scaled = (v / Math.sqrt(groupNorm.get(g)!)) * cfg.groupWeights[g];
    counts.set(t, scaled);
    total += scaled * scaled;
  }
  if (total > 0) {
    const inv = 1 / Math.sqrt(total);
    for (const [t, v] of counts) counts.set(t, v * inv);
  }
  return counts;
}
