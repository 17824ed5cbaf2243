// The search port: the rest of the app only talks to this, never to MiniSearch or Meilisearch directly.

export type ArticleLanguage = 'en' | 'zh';
export type ArticleStatus = 'draft' | 'in_review' | 'published' | 'archived';

export interface SearchDoc {
  id: string;
  title: string;
  /** Markdown source; implementations index its plain text. */
  body: string;
  tags: string[];
  language: ArticleLanguage;
  status: ArticleStatus;
  category?: string | null;
}

export interface SearchHit {
  id: string;
  title: string;
  /** Plain text (Markdown stripped, no HTML), at most SNIPPET_MAX_LENGTH chars; callers must still escape it. */
  snippet: string;
  /** Higher is better; only comparable within one result list (scales differ per implementation). */
  score: number;
}

export interface SearchQuery {
  q: string;
  /** Defaults to DEFAULT_LIMIT, clamped to 1..MAX_LIMIT. */
  limit?: number;
  language?: ArticleLanguage;
  status?: ArticleStatus;
}

export interface SearchIndex {
  /** True when the index outlives the process (Meilisearch): no rebuild at start, it is shared. */
  readonly persistent: boolean;
  /** Idempotent: creates the index and applies settings. */
  init(): Promise<void>;
  /** Adds or replaces documents by id. */
  upsert(docs: SearchDoc[]): Promise<void>;
  /** Unknown ids are ignored. */
  remove(ids: string[]): Promise<void>;
  /** Empty or whitespace-only q returns []. */
  search(query: SearchQuery): Promise<SearchHit[]>;
  clear(): Promise<void>;
}

/** Queries longer than this many characters are truncated (not rejected) before searching. */
export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
export const SNIPPET_MAX_LENGTH = 160;
