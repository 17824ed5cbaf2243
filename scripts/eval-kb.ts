// Relevance check for KB search: hit@1 / hit@3 of the embedded index over server/kb/data/queries.json.
// Usage: npx tsx scripts/eval-kb.ts   (exits 1 when hit@3 < 0.9)
// With MEILISEARCH_URL (and MEILISEARCH_KEY) set, the Meilisearch adapter is scored too, on a throwaway index.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Meilisearch } from 'meilisearch';
import { z } from 'zod';
import { EmbeddedSearchIndex } from '../server/kb/search/embedded.js';
import { MeilisearchSearchIndex } from '../server/kb/search/meilisearch.js';
import type { SearchDoc, SearchIndex } from '../server/kb/search/port.js';

export const HIT3_THRESHOLD = 0.9;

const language = z.enum(['en', 'zh']);
const articleSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  title: z.string().min(1),
  body: z.string(),
  tags: z.array(z.string()),
  language,
  status: z.enum(['draft', 'in_review', 'published', 'archived']),
  category: z.string().nullable().optional(),
});
const querySchema = z.object({
  q: z.string(),
  language,
  expected: z.string(),
  kind: z.enum(['keyword', 'question', 'typo', 'synonym', 'prefix']),
});
export type EvalQuery = z.infer<typeof querySchema>;

const dataDir = fileURLToPath(new URL('../server/kb/data/', import.meta.url));

export function loadKbData(): { articles: SearchDoc[]; queries: EvalQuery[] } {
  const read = (name: string): unknown => JSON.parse(readFileSync(dataDir + name, 'utf8'));
  const articles = z.array(articleSchema).parse(read('articles.json'));
  const queries = z.array(querySchema).parse(read('queries.json'));
  const published = new Set(articles.filter((a) => a.status === 'published').map((a) => a.id));
  // A query expecting an unpublished or unknown article could never pass; fail loudly instead.
  for (const query of queries) {
    if (!published.has(query.expected)) throw new Error(`queries.json: "${query.q}" expects unknown/unpublished ${query.expected}`);
  }
  return { articles, queries };
}

export interface EvalResult {
  total: number;
  hit1: number;
  hit3: number;
  misses: { q: string; kind: string; expected: string; got: string[] }[];
  byKind: Record<string, { total: number; hit3: number }>;
}

/** Runs every query as the help centre would (its language, published only) and scores the top 3. */
export async function evaluate(index: SearchIndex, queries: EvalQuery[]): Promise<EvalResult> {
  let at1 = 0;
  let at3 = 0;
  const misses: EvalResult['misses'] = [];
  const byKind: EvalResult['byKind'] = {};
  for (const query of queries) {
    const hits = await index.search({ q: query.q, language: query.language, status: 'published', limit: 3 });
    const ids = hits.map((h) => h.id);
    const kind = (byKind[query.kind] ??= { total: 0, hit3: 0 });
    kind.total++;
    if (ids[0] === query.expected) at1++;
    if (ids.includes(query.expected)) {
      at3++;
      kind.hit3++;
    }
    if (ids[0] !== query.expected) misses.push({ q: query.q, kind: query.kind, expected: query.expected, got: ids });
  }
  const total = queries.length;
  return { total, hit1: total ? at1 / total : 0, hit3: total ? at3 / total : 0, misses, byKind };
}

export async function evaluateIndex(index: SearchIndex): Promise<EvalResult> {
  const { articles, queries } = loadKbData();
  await index.init();
  await index.clear();
  await index.upsert(articles);
  return evaluate(index, queries);
}

export function evaluateEmbedded(): Promise<EvalResult> {
  return evaluateIndex(new EmbeddedSearchIndex());
}

function report(label: string, result: EvalResult): void {
  const pct = (x: number) => (x * 100).toFixed(1) + '%';
  console.log(`KB search relevance (${label}, ${result.total} queries)`);
  console.log(`  hit@1  ${pct(result.hit1)}`);
  console.log(`  hit@3  ${pct(result.hit3)}   (gate: >= ${pct(HIT3_THRESHOLD)})`);
  for (const [kind, k] of Object.entries(result.byKind)) console.log(`  ${kind.padEnd(9)} hit@3 ${k.hit3}/${k.total}`);
  if (result.misses.length > 0) {
    console.log('\nNot ranked first (query → expected | got top 3):');
    for (const m of result.misses) {
      const tag = m.got.includes(m.expected) ? 'top3' : 'MISS';
      console.log(`  [${tag}] ${m.kind.padEnd(8)} "${m.q}" → ${m.expected} | ${m.got.join(', ') || '(none)'}`);
    }
  }
  console.log(JSON.stringify({ kbEval: { index: label, queries: result.total, hit1: result.hit1, hit3: result.hit3 } }));
  if (result.hit3 < HIT3_THRESHOLD) process.exitCode = 1;
}

async function main(): Promise<void> {
  report('embedded', await evaluateEmbedded());
  const host = process.env['MEILISEARCH_URL'];
  if (!host) return;
  const apiKey = process.env['MEILISEARCH_KEY'];
  const indexName = `kb_eval_${process.pid}`;
  try {
    report(`meilisearch ${host}`, await evaluateIndex(new MeilisearchSearchIndex({ host, apiKey, indexName })));
  } finally {
    await new Meilisearch({ host, apiKey }).deleteIndexIfExists(indexName);
  }
}

// Run only when executed directly, so the unit test can import evaluate() without side effects.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
