// Word list of the embedded index, used to expand the last query word as a prefix.
import SearchableMap from 'minisearch/SearchableMap';
import { isStopWord } from './text.js';

// A 1–2 letter prefix can match thousands of words. We keep only the most frequent completions, and stop once their
// combined postings would make one keystroke cost more than a whole query (a deliberate deviation from Meilisearch).
const MAX_PREFIX_EXPANSIONS = 50;
const PREFIX_POSTINGS_BUDGET = 20_000;
const MIN_PREFIX_EXPANSIONS = 3;

/** Every indexed word with a rough frequency, to expand prefixes; shared by all partitions. */
export class Vocabulary {
  private readonly counts = new Map<string, number>();
  private readonly tree = new SearchableMap<true>();

  add(terms: readonly string[]): void {
    for (const term of terms) {
      const count = this.counts.get(term);
      // The radix tree only changes for new words, which are rare once the corpus is loaded.
      if (count === undefined) this.tree.set(term, true);
      this.counts.set(term, (count ?? 0) + 1);
    }
  }

  /** Completions of `prefix` (not `prefix` itself), the most frequent first when there are too many. */
  complete(prefix: string): string[] {
    const all: string[] = [];
    let total = 0;
    for (const term of this.tree.atPrefix(prefix).keys()) {
      // Stop words are never what a prefix is heading for ("t" → "the"), and they match nearly every document.
      if (term === prefix || isStopWord(term)) continue;
      all.push(term);
      total += this.counts.get(term)!;
    }
    if (all.length <= MAX_PREFIX_EXPANSIONS && total <= PREFIX_POSTINGS_BUDGET) return all;
    all.sort((a, b) => this.counts.get(b)! - this.counts.get(a)!);
    let spent = 0;
    let n = 0;
    while (n < all.length && n < MAX_PREFIX_EXPANSIONS) {
      spent += this.counts.get(all[n]!)!;
      if (n >= MIN_PREFIX_EXPANSIONS && spent > PREFIX_POSTINGS_BUDGET) break;
      n++;
    }
    return all.slice(0, n);
  }
}
