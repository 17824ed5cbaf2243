// Builds train.jsonl / test.jsonl from raw/<lang>-<type>.txt (one example per line).
// Split is stratified per type+language: each cell's lines are ranked by a hash of the
// text and the lowest 22% go to test, so the split is reproducible with no RNG.
// raw/<lang>-<type>.extra.txt lines are train-only: they were written after the split
// was fixed, so the held-out test set never changes when training data grows.
// Agent corrections should go through `train-routing.ts --extra`, not into raw/.
// Run: npx tsx server/routing/data/build-splits.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const TYPES = ['sales', 'support', 'complaint', 'billing'] as const;
const LANGS = ['en', 'zh'] as const;
const TEST_SHARE = 0.22;
const dir = new URL('./', import.meta.url);

// FNV-1a: stable across Node versions, unlike anything involving Math.random.
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const train: string[] = [];
const test: string[] = [];
const seen = new Map<string, string>();

function readUnique(file: string, type: string): string[] {
  const path = new URL(`raw/${file}`, dir);
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const unique: string[] = [];
  for (const text of lines) {
    const key = text.toLowerCase();
    const prev = seen.get(key);
    // A text labelled twice would poison both splits, so fail loudly.
    if (prev && prev !== type) throw new Error(`conflicting labels (${prev}/${type}): ${text}`);
    if (prev) continue;
    seen.set(key, type);
    unique.push(text);
  }
  return unique;
}

for (const language of LANGS) {
  for (const type of TYPES) {
    const unique = readUnique(`${language}-${type}.txt`, type);
    // Ranking by hash (ties broken by text) gives an exact per-cell share.
    const ranked = [...unique].sort((a, b) => fnv1a(a) - fnv1a(b) || a.localeCompare(b));
    const nTest = Math.round(unique.length * TEST_SHARE);
    const testSet = new Set(ranked.slice(0, nTest));
    for (const text of unique) {
      const line = JSON.stringify({ text, type, language });
      (testSet.has(text) ? test : train).push(line);
    }
    console.log(`${language}-${type}: ${unique.length} examples, ${nTest} test`);
  }
}
// Extras are read after every main file, so one duplicating a test line is dropped.
for (const language of LANGS) {
  for (const type of TYPES) {
    const extra = readUnique(`${language}-${type}.extra.txt`, type);
    for (const text of extra) train.push(JSON.stringify({ text, type, language }));
    console.log(`${language}-${type}: +${extra.length} train-only extras`);
  }
}
writeFileSync(new URL('train.jsonl', dir), train.join('\n') + '\n');
writeFileSync(new URL('test.jsonl', dir), test.join('\n') + '\n');
console.log(`train=${train.length} test=${test.length}`);
