// Entry point: pick the Meilisearch adapter when a server is configured, otherwise the in-process index.
import { EmbeddedSearchIndex } from './embedded.js';
import { MeilisearchSearchIndex } from './meilisearch.js';
import type { SearchIndex } from './port.js';

export * from './port.js';
export { EmbeddedSearchIndex } from './embedded.js';
export { MeilisearchSearchIndex, DEFAULT_INDEX_NAME } from './meilisearch.js';

export interface CreateSearchIndexOptions {
  meilisearchUrl?: string;
  meilisearchKey?: string;
  indexName?: string;
}

export function createSearchIndex(opts: CreateSearchIndexOptions = {}): SearchIndex {
  const url = opts.meilisearchUrl?.trim();
  if (url) return new MeilisearchSearchIndex({ host: url, apiKey: opts.meilisearchKey, indexName: opts.indexName });
  return new EmbeddedSearchIndex();
}
