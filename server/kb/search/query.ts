// Turns a user query into a MiniSearch query tree with Meilisearch-like semantics (typos, last-word prefix, synonyms).
import type { Query } from 'minisearch';
import { SYNONYM_GROUPS } from './synonyms.js';
import { isStopWord, tokenize, transpositions, typoBudget } from './text.js';

/** Meilisearch only considers the first 10 words of a query; so do we (also bounds the work per search). */
export const MAX_QUERY_WORDS = 10;

// Weight of a typo fixed by swapping two letters: about what MiniSearch gives a 1-edit fuzzy match.
const TRANSPOSITION_WEIGHT = 0.4;
// A trailing stop word may be a word still being typed ("password for|" → "forgot"): keep it, but barely.
const TRAILING_STOP_WORD_WEIGHT = 0.2;

/** One query word (or synonym phrase): documents are ranked by how many groups they cover. */
export interface QueryGroup {
  node: Query;
  /** Every leaf term of this group, to tell from a result's queryTerms whether the group matched. */
  terms: Set<string>;
  /** Optional groups add score but do not count towards coverage. */
  optional: boolean;
}

interface Phrase {
  tokens: string[];
  group: number;
}

// Synonym phrases tokenised exactly like queries, keyed by first token for a cheap greedy longest-match.
const PHRASES = new Map<string, Phrase[]>();
const GROUP_TOKENS: string[][][] = SYNONYM_GROUPS.map((entries, group) =>
  entries.map((entry) => {
    const tokens = tokenize(entry);
    const list = PHRASES.get(tokens[0]!) ?? [];
    list.push({ tokens, group });
    list.sort((a, b) => b.tokens.length - a.tokens.length);
    PHRASES.set(tokens[0]!, list);
    return tokens;
  }),
);

function matchPhrase(tokens: string[], at: number): Phrase | undefined {
  return PHRASES.get(tokens[at]!)?.find((p) => p.tokens.every((t, k) => tokens[at + k] === t));
}

function termNode(term: string, prefix: boolean, terms: Set<string>, weight = 1): Query {
  terms.add(term);
  const typos = typoBudget(term);
  const main: Query = { queries: [term], fuzzy: typos || false, prefix, boostTerm: () => weight };
  if (typos === 0) return main;
  const swaps = transpositions(term);
  swaps.forEach((s) => terms.add(s));
  const swapped: Query = { queries: swaps, fuzzy: false, prefix, boostTerm: () => weight * TRANSPOSITION_WEIGHT };
  return { combineWith: 'OR', queries: [main, swapped] };
}

function phraseNode(tokens: string[], terms: Set<string>): Query {
  tokens.forEach((t) => terms.add(t));
  if (tokens.length === 1) return { queries: tokens, fuzzy: false, prefix: false };
  return { combineWith: 'AND', queries: tokens, fuzzy: false, prefix: false };
}

/** Parses q (already length-clamped) into groups; [] when nothing searchable is left. */
export function parseQuery(q: string): QueryGroup[] {
  const tokens = tokenize(q).slice(0, MAX_QUERY_WORDS);
  const raw: { tokens: string[]; synonymGroup?: number }[] = [];
  for (let i = 0; i < tokens.length; ) {
    const phrase = matchPhrase(tokens, i);
    if (phrase) {
      raw.push({ tokens: phrase.tokens, synonymGroup: phrase.group });
      i += phrase.tokens.length;
    } else raw.push({ tokens: [tokens[i++]!] });
  }
  const isStop = (g: (typeof raw)[number]) => g.synonymGroup === undefined && isStopWord(g.tokens[0]!);
  const allStop = raw.every(isStop);
  // A trailing space means the last word is finished, so it is not a prefix.
  const typingLast = !/\s$/.test(q);
  const groups: QueryGroup[] = [];
  raw.forEach((g, index) => {
    const last = index === raw.length - 1;
    const terms = new Set<string>();
    if (g.synonymGroup !== undefined) {
      const alternatives = GROUP_TOKENS[g.synonymGroup]!.map((alt) => phraseNode(alt, terms));
      groups.push({ node: { combineWith: 'OR', queries: alternatives }, terms, optional: false });
    } else if (!isStop(g) || allStop) {
      groups.push({ node: termNode(g.tokens[0]!, last && typingLast, terms), terms, optional: false });
    } else if (last && typingLast) {
      const node = termNode(g.tokens[0]!, true, terms, TRAILING_STOP_WORD_WEIGHT);
      groups.push({ node, terms, optional: true });
    }
  });
  return groups;
}

/** How many required groups a result covers, given MiniSearch's `queryTerms` for it. */
export function coverage(groups: readonly QueryGroup[], queryTerms: readonly string[]): number {
  let covered = 0;
  for (const g of groups) if (!g.optional && queryTerms.some((t) => g.terms.has(t))) covered++;
  return covered;
}
