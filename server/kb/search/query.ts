// Turns a user query into a MiniSearch query tree with Meilisearch-like semantics (typos, last-word prefix, synonyms).
import type { Query } from 'minisearch';
import { GROUP_TERMS, matchSynonym } from './phrases.js';
import { isStopWord, tokenize, transpositions, typoBudget } from './text.js';

/** Meilisearch only considers the first 10 words of a query; so do we (also bounds the work per search). */
export const MAX_QUERY_WORDS = 10;

// Weight of a typo fixed by swapping two letters: about what MiniSearch gives a 1-edit fuzzy match.
const TRANSPOSITION_WEIGHT = 0.4;
// A trailing stop word may be a word still being typed ("password for|" → "forgot"): keep it, but barely.
const TRAILING_STOP_WORD_WEIGHT = 0.2;
// MiniSearch's own prefix weighting, reused for completions we expand ourselves.
const PREFIX_WEIGHT = 0.375;

/** Returns the indexed words starting with `prefix` (excluding it) that a prefix query should match. */
export type PrefixExpander = (prefix: string) => string[];

/** One query word (or synonym phrase): documents are ranked by how many groups they cover. */
export interface QueryGroup {
  node: Query;
  /** Every leaf term of this group, to tell from a result's queryTerms whether the group matched. */
  terms: Set<string>;
  /** Optional groups add score but do not count towards coverage. */
  optional: boolean;
}

function prefixNode(term: string, completions: string[], terms: Set<string>, weight: number): Query {
  completions.forEach((c) => terms.add(c));
  const boostTerm = (c: string) => (weight * PREFIX_WEIGHT * c.length) / (c.length + 0.3 * (c.length - term.length));
  return { queries: completions, fuzzy: false, prefix: false, boostTerm };
}

function termNode(term: string, prefix: PrefixExpander | null, terms: Set<string>, weight = 1): Query {
  terms.add(term);
  const typos = typoBudget(term);
  const nodes: Query[] = [{ queries: [term], fuzzy: typos || false, prefix: false, boostTerm: () => weight }];
  if (prefix) nodes.push(prefixNode(term, prefix(term), terms, weight));
  if (typos > 0) {
    const swaps = transpositions(term);
    swaps.forEach((s) => terms.add(s));
    nodes.push({ queries: swaps, fuzzy: false, prefix: prefix !== null, boostTerm: () => weight * TRANSPOSITION_WEIGHT });
  }
  return nodes.length === 1 ? nodes[0]! : { combineWith: 'OR', queries: nodes };
}

/** Parses q (already length-clamped) into groups; [] when nothing searchable is left. */
export function parseQuery(q: string, expandPrefix: PrefixExpander): QueryGroup[] {
  const tokens = tokenize(q).slice(0, MAX_QUERY_WORDS);
  const raw: { tokens: string[]; synonymGroup?: number }[] = [];
  for (let i = 0; i < tokens.length; ) {
    const synonym = matchSynonym(tokens, i);
    if (synonym) {
      raw.push({ tokens: synonym.tokens, synonymGroup: synonym.group });
      i += synonym.tokens.length;
    } else raw.push({ tokens: [tokens[i++]!] });
  }
  const isStop = (g: (typeof raw)[number]) => g.synonymGroup === undefined && isStopWord(g.tokens[0]!);
  const allStop = raw.every(isStop);
  // A trailing space means the last word is finished, so it is not a prefix.
  const typingLast = !/\s$/.test(q);
  const groups: QueryGroup[] = [];
  raw.forEach((g, index) => {
    const prefix = index === raw.length - 1 && typingLast ? expandPrefix : null;
    const terms = new Set<string>();
    if (g.synonymGroup !== undefined) {
      const alternatives = GROUP_TERMS[g.synonymGroup]!;
      alternatives.forEach((t) => terms.add(t));
      const nodes: Query[] = [{ queries: alternatives, fuzzy: false, prefix: false }];
      // A one-word synonym being typed ("bill|") may still become a longer word ("billing").
      if (prefix && g.tokens.length === 1) nodes.push(prefixNode(g.tokens[0]!, prefix(g.tokens[0]!), terms, 1));
      groups.push({ node: { combineWith: 'OR', queries: nodes }, terms, optional: false });
    } else if (!isStop(g)) {
      groups.push({ node: termNode(g.tokens[0]!, prefix, terms), terms, optional: false });
    } else if (prefix) {
      // A stop word being typed ("in|") is most likely the start of a longer word ("invoice"): search completions only.
      const completions = prefix(g.tokens[0]!);
      const weight = allStop ? 1 : TRAILING_STOP_WORD_WEIGHT;
      if (completions.length > 0) groups.push({ node: prefixNode(g.tokens[0]!, completions, terms, weight), terms, optional: !allStop });
    } else if (allStop) {
      groups.push({ node: termNode(g.tokens[0]!, null, terms), terms, optional: false });
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
