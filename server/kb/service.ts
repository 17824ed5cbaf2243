// Knowledge-base articles: stored first, then indexed. Index updates also go through the outbox,
// so a crash between the two never leaves the index stale for good.
import type { Db, Prisma } from '../db/client.js';
import { AppError } from '../errors.js';
import { enqueue, type OutboxWorker } from '../outbox/outbox.js';
import type { SearchDoc, SearchHit, SearchIndex } from './search/port.js';

export type ArticleStatus = SearchDoc['status'];
export const KB_INDEX_JOB = 'kb.index';

export interface ArticleInput {
  title: string; body: string; tags?: string[]; language?: 'en' | 'zh'; status?: ArticleStatus; category?: string | null;
}

type ArticleRow = Awaited<ReturnType<Db['article']['findUniqueOrThrow']>>;

export function toSearchDoc(a: ArticleRow): SearchDoc {
  return { id: a.id, title: a.title, body: a.body, tags: (a.tags as string[]) ?? [], language: a.language as 'en' | 'zh', status: a.status as ArticleStatus, category: a.category };
}

export function articleView(a: ArticleRow) {
  return {
    id: a.id, title: a.title, body: a.body, category: a.category, tags: a.tags, language: a.language, status: a.status,
    authorId: a.authorId, reviewerId: a.reviewerId, version: a.version, helpful: a.helpful, notHelpful: a.notHelpful,
    views: a.views, usage: a.usage, publishedAt: a.publishedAt?.toISOString() ?? null, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
  };
}

export class KnowledgeBase {
  constructor(private db: Db, readonly index: SearchIndex, outbox: OutboxWorker) {
    outbox.handle(KB_INDEX_JOB, async (payload) => this.reindexOne(String(payload.articleId)));
  }

  /** Rebuilds the index from the database (at start for the in-memory index; `npm run kb:reindex`). */
  async rebuild(): Promise<number> {
    await this.index.init();
    await this.index.clear();
    const all = await this.db.article.findMany();
    for (let i = 0; i < all.length; i += 500) await this.index.upsert(all.slice(i, i + 500).map(toSearchDoc));
    return all.length;
  }

  async create(input: ArticleInput, authorId: string) {
    const article = await this.db.$transaction(async (tx) => {
      const a = await tx.article.create({
        data: {
          title: input.title, body: input.body, tags: input.tags ?? [], language: input.language ?? 'en', status: input.status ?? 'draft',
          category: input.category ?? null, authorId, publishedAt: input.status === 'published' ? new Date() : null,
          versions: { create: { version: 1, title: input.title, body: input.body, editorId: authorId } },
        },
      });
      await enqueue(tx, KB_INDEX_JOB, { articleId: a.id });
      return a;
    });
    await this.indexNow(article);
    return articleView(article);
  }

  async get(id: string) {
    const a = await this.db.article.findUnique({ where: { id } });
    if (!a) throw new AppError('ARTICLE_NOT_FOUND');
    return articleView(a);
  }

  async update(id: string, input: Partial<ArticleInput>, editorId: string) {
    const current = await this.db.article.findUnique({ where: { id } });
    if (!current) throw new AppError('ARTICLE_NOT_FOUND');
    const contentChanged = (input.title !== undefined && input.title !== current.title) || (input.body !== undefined && input.body !== current.body);
    const version = contentChanged ? current.version + 1 : current.version;
    const article = await this.db.$transaction(async (tx) => {
      const a = await tx.article.update({
        where: { id },
        data: {
          ...(input.title !== undefined ? { title: input.title } : {}), ...(input.body !== undefined ? { body: input.body } : {}),
          ...(input.tags ? { tags: input.tags } : {}), ...(input.language ? { language: input.language } : {}),
          ...(input.category !== undefined ? { category: input.category } : {}), version,
          ...(input.status ? { status: input.status, ...(input.status === 'published' ? { publishedAt: new Date(), reviewerId: editorId } : {}) } : {}),
          ...(contentChanged ? { versions: { create: { version, title: input.title ?? current.title, body: input.body ?? current.body, editorId } } } : {}),
        },
      });
      await enqueue(tx, KB_INDEX_JOB, { articleId: id });
      return a;
    });
    await this.indexNow(article);
    return articleView(article);
  }

  async search(q: string, limit: number, language?: 'en' | 'zh'): Promise<SearchHit[]> {
    return this.index.search({ q, limit, status: 'published', ...(language ? { language } : {}) });
  }

  private async indexNow(a: ArticleRow): Promise<void> {
    // Best effort now so a new article is searchable at once; the outbox job is the guarantee.
    await this.index.upsert([toSearchDoc(a)]).catch(() => undefined);
  }

  private async reindexOne(id: string): Promise<void> {
    const a = await this.db.article.findUnique({ where: { id } });
    if (a) await this.index.upsert([toSearchDoc(a)]);
    else await this.index.remove([id]);
  }
}

export type { Prisma };
