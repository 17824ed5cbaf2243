// In-process SearchIndex on MiniSearch, tuned to behave like the Meilisearch deployment (see query.ts for the semantics).
import MiniSearch, { type SearchResult } from 'minisearch';
import { markdownToText } from '../markdown.js';
import type { SearchDoc, SearchHit, SearchIndex, SearchQuery } from './port.js';
import { coverage, parseQuery } from './query.js';
import { clampLimit, clampQuery, makeSnippet, tokenize } from './text.js';

interface IndexedDoc {
  id: string;
  title: string;
  body: string;
  tags: string;
  language: SearchDoc['language'];
  status: SearchDoc['status'];
}

// Title matches outrank tag matches, which outrank body matches (Meilisearch's attribute ranking rule).
const FIELD_BOOST = { title: 3, tags: 1.5, body: 1 };

export interface EmbeddedSearchOptions {
  /** How strongly covering more query words beats a higher text score (1 = linear). */
  coverageExponent?: number;
}

export class EmbeddedSearchIndex implements SearchIndex {
  private mini = EmbeddedSearchIndex.createMini();
  // Title and plain body for snippets live outside MiniSearch so results do not copy them for every match.
  private docs = new Map<string, { title: string; text: string }>();
  private readonly coverageExponent: number;

  constructor(options: EmbeddedSearchOptions = {}) {
    this.coverageExponent = options.coverageExponent ?? 2;
  }

  private static createMini(): MiniSearch<IndexedDoc> {
    return new MiniSearch<IndexedDoc>({
      fields: ['title', 'body', 'tags'],
      storeFields: ['language', 'status'],
      tokenize: (text) => tokenize(text),
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

  async init(): Promise<void> {}

  async upsert(docs: SearchDoc[]): Promise<void> {
    for (const doc of docs) {
      const text = markdownToText(doc.body);
      const indexed: IndexedDoc = {
        id: doc.id,
        title: doc.title,
        body: text,
        tags: doc.tags.join(' '),
        language: doc.language,
        status: doc.status,
      };
      // replace() = discard + add; discarded entries are vacuumed lazily by MiniSearch.
      if (this.mini.has(doc.id)) this.mini.replace(indexed);
      else this.mini.add(indexed);
      this.docs.set(doc.id, { title: doc.title, text });
    }
  }

  async remove(ids: string[]): Promise<void> {
    for (const id of ids) {
      if (!this.mini.has(id)) continue;
      this.mini.discard(id);
      this.docs.delete(id);
    }
  }

  async clear(): Promise<void> {
    this.mini = EmbeddedSearchIndex.createMini();
    this.docs.clear();
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    return this.searchSync(query);
  }

  /** Synchronous core of search(), exposed for benchmarks. */
  searchSync(query: SearchQuery): SearchHit[] {
    const q = clampQuery(query.q);
    if (q === '') return [];
    const groups = parseQuery(q);
    if (groups.length === 0) return [];
    const { language, status } = query;
    const results = this.mini.search(
      { combineWith: 'OR', queries: groups.map((g) => g.node) },
      {
        filter:
          language || status
            ? (r) => (!language || r['language'] === language) && (!status || r['status'] === status)
            : undefined,
      },
    );
    const ranked = results.map((r) => ({ r, score: this.rank(r, groups) }));
    ranked.sort((a, b) => b.score - a.score);
    return ranked.slice(0, clampLimit(query.limit)).map(({ r, score }) => this.toHit(r, score));
  }

  private rank(r: SearchResult, groups: Parameters<typeof coverage>[0]): number {
    // MiniSearch multiplies by the number of matched leaf terms; we count matched query words (groups) instead.
    const base = r.score / Math.max(1, r.queryTerms.length);
    const covered = coverage(groups, r.queryTerms);
    return base * Math.pow(Math.max(covered, 0.5), this.coverageExponent);
  }

  private toHit(r: SearchResult, score: number): SearchHit {
    const doc = this.docs.get(String(r.id));
    const title = doc?.title ?? '';
    return {
      id: String(r.id),
      title,
      snippet: makeSnippet(doc?.text ?? '', r.terms),
      score: Math.round(score * 1000) / 1000,
    };
  }
}

export function createEmbeddedSearchIndex(options?: EmbeddedSearchOptions): EmbeddedSearchIndex {
  return new EmbeddedSearchIndex(options);
}
