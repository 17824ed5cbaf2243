// SearchIndex backed by a Meilisearch server through the official client (meilisearch-js 0.62).
import { Meilisearch, type EnqueuedTaskPromise, type Index, type Settings, type Task } from 'meilisearch';
import { markdownToText } from '../markdown.js';
import type { SearchDoc, SearchHit, SearchIndex, SearchQuery } from './port.js';
import { meilisearchSynonyms } from './synonyms.js';
import { clampLimit, clampQuery, truncateText } from './text.js';

export const DEFAULT_INDEX_NAME = 'kb_articles';
// Meilisearch recommends batches well under its payload limit; 1,000 articles is a few MB at most.
const UPSERT_BATCH = 1000;
// Crop length is in words; ~24 words keeps the snippet near 160 characters before our hard cut.
const CROP_WORDS = 24;

export interface MeilisearchIndexOptions {
  host: string;
  apiKey?: string;
  indexName?: string;
  /** Max time to wait for one Meilisearch task (ms). */
  taskTimeoutMs?: number;
  /** Task polling interval (ms). */
  taskIntervalMs?: number;
}

/** Stored document: body is plain text so Meilisearch crops readable snippets, not Markdown. */
interface MeiliDoc {
  id: string;
  title: string;
  body: string;
  tags: string[];
  language: SearchDoc['language'];
  status: SearchDoc['status'];
  category: string | null;
}

/** Index settings mirrored by the embedded implementation (typo thresholds, synonyms, field priority). */
export function meilisearchSettings(): Settings {
  return {
    // Order is priority: Meilisearch's attribute rule ranks title matches first.
    searchableAttributes: ['title', 'body', 'tags'],
    filterableAttributes: ['language', 'status', 'category'],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    synonyms: meilisearchSynonyms(),
  };
}

// Filter values are quoted so ids/categories with spaces or quotes cannot change the filter expression.
export function filterEquals(attribute: string, value: string): string {
  return `${attribute} = "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function buildFilter(query: Pick<SearchQuery, 'language' | 'status'>): string[] | undefined {
  const filter: string[] = [];
  if (query.language) filter.push(filterEquals('language', query.language));
  if (query.status) filter.push(filterEquals('status', query.status));
  return filter.length > 0 ? filter : undefined;
}

export class MeilisearchSearchIndex implements SearchIndex {
  readonly persistent = true;
  private readonly client: Meilisearch;
  private readonly index: Index<MeiliDoc>;
  readonly indexName: string;
  private readonly wait: { timeout: number; interval: number };

  constructor(options: MeilisearchIndexOptions) {
    this.indexName = options.indexName ?? DEFAULT_INDEX_NAME;
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey });
    this.index = this.client.index<MeiliDoc>(this.indexName);
    this.wait = { timeout: options.taskTimeoutMs ?? 30_000, interval: options.taskIntervalMs ?? 50 };
  }

  // Meilisearch writes are asynchronous tasks; a failed task still resolves, so surface its error here.
  private async run(enqueued: EnqueuedTaskPromise, tolerate: string[] = []): Promise<Task> {
    const task = await enqueued.waitTask(this.wait);
    if (task.status === 'succeeded') return task;
    const code = task.error?.code ?? '';
    if (task.status === 'failed' && tolerate.includes(code)) return task;
    const reason = task.error?.message ?? task.status;
    throw new Error(`Meilisearch task ${task.uid} (${task.type}) on ${this.indexName} ${task.status}: ${reason}`);
  }

  /** For readiness probes: true when the server answers GET /health with "available". */
  async healthy(): Promise<boolean> {
    return this.client.isHealthy();
  }

  async init(): Promise<void> {
    // Creating an existing index fails with index_already_exists, which makes init() idempotent.
    await this.run(this.client.createIndex(this.indexName, { primaryKey: 'id' }), ['index_already_exists']);
    await this.run(this.index.updateSettings(meilisearchSettings()));
  }

  async upsert(docs: SearchDoc[]): Promise<void> {
    for (let i = 0; i < docs.length; i += UPSERT_BATCH) {
      const batch = docs.slice(i, i + UPSERT_BATCH).map(toMeiliDoc);
      await this.run(this.index.addDocuments(batch, { primaryKey: 'id' }));
    }
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.run(this.index.deleteDocuments(ids));
  }

  async clear(): Promise<void> {
    await this.run(this.index.deleteAllDocuments());
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const q = clampQuery(query.q);
    // Meilisearch answers an empty q with "all documents"; the port promises [] instead.
    if (q === '') return [];
    const res = await this.index.search<MeiliDoc>(q, {
      limit: clampLimit(query.limit),
      filter: buildFilter(query),
      attributesToRetrieve: ['id', 'title'],
      attributesToCrop: ['body'],
      cropLength: CROP_WORDS,
      showRankingScore: true,
    });
    return res.hits.map((hit) => ({
      id: String(hit.id),
      title: String(hit.title ?? ''),
      snippet: truncateText(String(hit._formatted?.body ?? '').replace(/\s+/g, ' ').trim()),
      score: hit._rankingScore ?? 0,
    }));
  }
}

function toMeiliDoc(doc: SearchDoc): MeiliDoc {
  return {
    id: doc.id,
    title: doc.title,
    body: markdownToText(doc.body),
    tags: doc.tags ?? [],
    language: doc.language,
    status: doc.status,
    category: doc.category ?? null,
  };
}
