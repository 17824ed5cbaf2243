// In-process SearchIndex on MiniSearch, tuned to behave like the Meilisearch deployment (see query.ts for the semantics).
import MiniSearch, { type SearchResult } from 'minisearch';
import { markdownToText } from '../markdown.js';
import { withPhraseTerms } from './phrases.js';
import type { SearchDoc, SearchHit, SearchIndex, SearchQuery } from './port.js';
import { coverage, parseQuery, type QueryGroup } from './query.js';
import { clampLimit, clampQuery, makeSnippet, tokenize } from './text.js';
import { Vocabulary } from './vocabulary.js';

interface IndexedDoc {
  id: string;
  title: string;
  body: string;
  tags: string;
}

interface StoredDoc {
  title: string;
  text: string;
  partition: string;
}

// Title matches outrank body and tag matches (Meilisearch ranks by attribute order: title, body, tags).
const FIELD_BOOST = { title: 3, body: 1, tags: 1 };

export interface EmbeddedSearchOptions {
  /** How strongly covering more query words beats a higher text score (1 = linear). */
  coverageExponent?: number;
}

const partitionKey = (language: string, status: string) => `${language}/${status}`;

function createMini(vocabulary: Vocabulary): MiniSearch<IndexedDoc> {
  return new MiniSearch<IndexedDoc>({
    fields: ['title', 'body', 'tags'],
    storeFields: [],
    tokenize: (text) => {
      const terms = withPhraseTerms(tokenize(text));
      vocabulary.add(terms);
      return terms;
    },
    // tokenize() already normalised the terms.
    processTerm: (term) => term,
    searchOptions: {
      boost: FIELD_BOOST,
      // Query trees built by parseQuery() hold finished terms; do not re-tokenise them.
      tokenize: (term) => [term],
      processTerm: (term) => term,
      maxFuzzy: 2,
    },
  });
}

export class EmbeddedSearchIndex implements SearchIndex {
  readonly persistent = false;
  // One MiniSearch per language/status: filtered searches (the common case) only score documents they can return.
  private partitions = new Map<string, MiniSearch<IndexedDoc>>();
  // Title and plain body for snippets live outside MiniSearch so results do not copy them for every match.
  private docs = new Map<string, StoredDoc>();
  // Words of removed documents stay in here; they only cost a wasted lookup. clear() starts afresh.
  private vocabulary = new Vocabulary();
  private readonly coverageExponent: number;

  constructor(options: EmbeddedSearchOptions = {}) {
    this.coverageExponent = options.coverageExponent ?? 2;
  }

  async init(): Promise<void> {}

  async upsert(docs: SearchDoc[]): Promise<void> {
    for (const doc of docs) {
      // Stored flattened: snippets are cut from one line of text.
      const text = markdownToText(doc.body).replace(/\s+/g, ' ');
      const partition = partitionKey(doc.language, doc.status);
      const previous = this.docs.get(doc.id);
      // A status or language change moves the document to another partition.
      if (previous && previous.partition !== partition) this.partitions.get(previous.partition)?.discard(doc.id);
      let mini = this.partitions.get(partition);
      if (!mini) this.partitions.set(partition, (mini = createMini(this.vocabulary)));
      const indexed: IndexedDoc = { id: doc.id, title: doc.title, body: text, tags: (doc.tags ?? []).join(' ') };
      // replace() = discard + add; discarded entries are vacuumed lazily by MiniSearch.
      if (mini.has(doc.id)) mini.replace(indexed);
      else mini.add(indexed);
      this.docs.set(doc.id, { title: doc.title, text, partition });
    }
  }

  async remove(ids: string[]): Promise<void> {
    for (const id of ids) {
      const stored = this.docs.get(id);
      if (!stored) continue;
      this.partitions.get(stored.partition)?.discard(id);
      this.docs.delete(id);
    }
  }

  async clear(): Promise<void> {
    this.partitions.clear();
    this.docs.clear();
    this.vocabulary = new Vocabulary();
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    return this.searchSync(query);
  }

  /** Synchronous core of search(), exposed for benchmarks. */
  searchSync(query: SearchQuery): SearchHit[] {
    const q = clampQuery(query.q);
    if (q === '') return [];
    const groups = parseQuery(q, (prefix) => this.vocabulary.complete(prefix));
    if (groups.length === 0) return [];
    const tree = { combineWith: 'OR' as const, queries: groups.map((g) => g.node) };
    const limit = clampLimit(query.limit);
    const top: { r: SearchResult; score: number }[] = [];
    // The filter callback doubles as a visitor: ranking there and returning false spares MiniSearch
    // from collecting and sorting thousands of results we would discard anyway.
    const visit = (r: SearchResult): boolean => {
      insertTopK(top, { r, score: this.rank(r, groups) }, limit);
      return false;
    };
    for (const [key, mini] of this.partitions) {
      const [language, status] = key.split('/');
      if ((query.language && query.language !== language) || (query.status && query.status !== status)) continue;
      mini.search(tree, { filter: visit });
    }
    return top.map(({ r, score }) => this.toHit(r, score));
  }

  private rank(r: SearchResult, groups: readonly QueryGroup[]): number {
    // MiniSearch multiplies by the number of matched leaf terms; we count matched query words (groups) instead.
    const base = r.score / Math.max(1, r.queryTerms.length);
    const covered = coverage(groups, r.queryTerms);
    return base * Math.pow(Math.max(covered, 0.5), this.coverageExponent);
  }

  private toHit(r: SearchResult, score: number): SearchHit {
    const doc = this.docs.get(String(r.id));
    return {
      id: String(r.id),
      title: doc?.title ?? '',
      snippet: makeSnippet(doc?.text ?? '', r.terms),
      score: Math.round(score * 1000) / 1000,
    };
  }
}

// Keeps `top` sorted by descending score with at most k entries; O(n) for the usual case of few qualifying results.
function insertTopK<T extends { score: number }>(top: T[], item: T, k: number): void {
  if (top.length === k && item.score <= top[k - 1]!.score) return;
  let i = top.length;
  while (i > 0 && top[i - 1]!.score < item.score) i--;
  top.splice(i, 0, item);
  if (top.length > k) top.pop();
}
