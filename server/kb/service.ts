// Knowledge-base articles: stored first, then indexed. Index updates also go through the outbox,
// so a crash between the two never leaves the index stale for good.
import type { Db, Prisma } from '../db/client.js';
import { AppError } from '../errors.js';
import { enqueue, type OutboxWorker } from '../outbox/outbox.js';
import { rebuildIndex } from './reindex.js';
import type { SearchDoc, SearchHit, SearchIndex } from './search/port.js';
import { getKbSettings } from './settings.js';
import { BuildingIndex } from './search/building.js';
import { articleView, toSearchDoc, type ArticleRow } from './views.js';
import { checkContentEdit, checkInitialStatus, checkTransition, needsSecondPair, type Actor } from './workflow.js';

export type ArticleStatus = SearchDoc['status'];
export const KB_INDEX_JOB = 'kb.index';
export { articleView, toSearchDoc };

export interface ArticleInput {
  title: string; body: string; tags?: string[]; language?: 'en' | 'zh'; status?: ArticleStatus; category?: string | null;
}

// Prisma's "record to update not found": here, someone else changed the article first.
const isStale = (err: unknown) => (err as { code?: string })?.code === 'P2025';

export class KnowledgeBase {
  readonly index: BuildingIndex;

  constructor(private db: Db, index: SearchIndex, outbox: OutboxWorker) {
    this.index = new BuildingIndex(index);
    outbox.handle(KB_INDEX_JOB, async (payload) => this.reindexOne(String(payload.articleId)));
  }

  /**
   * Rebuilds the index from the database (at start for the in-memory index, not awaited there;
   * `npm run kb:reindex`). Searches and index writes wait for it (search/building.ts).
   */
  rebuild(onProgress?: (done: number, total: number) => void): Promise<number> {
    return this.index.build((inner) => rebuildIndex(this.db, inner, onProgress));
  }

  async create(input: ArticleInput, actor: Actor) {
    const status = input.status ?? 'draft';
    checkInitialStatus(status, actor);
    const published = status === 'published';
    const article = await this.db.$transaction(async (tx) => {
      const a = await tx.article.create({
        data: {
          title: input.title, body: input.body, tags: input.tags ?? [], language: input.language ?? 'en', status,
          category: input.category ?? null, authorId: actor.id, publishedAt: published ? new Date() : null, reviewerId: published ? actor.id : null,
          versions: { create: { version: 1, title: input.title, body: input.body, editorId: actor.id } },
        },
      });
      if (status !== 'draft') await this.logStatus(tx, a.id, actor.id, null, status);
      await enqueue(tx, KB_INDEX_JOB, { articleId: a.id });
      return a;
    });
    await this.indexNow(article);
    return articleView(article);
  }

  async get(id: string) {
    return articleView(await this.row(id));
  }

  async update(id: string, input: Partial<ArticleInput>, actor: Actor) {
    const current = await this.row(id);
    const from = current.status as ArticleStatus;
    const contentChanged = (input.title !== undefined && input.title !== current.title) || (input.body !== undefined && input.body !== current.body);
    const detailsChanged = (input.tags !== undefined && JSON.stringify(input.tags) !== JSON.stringify(current.tags))
      || (input.language !== undefined && input.language !== current.language) || (input.category !== undefined && input.category !== current.category);
    if (contentChanged || detailsChanged) checkContentEdit(from, actor);
    const to = input.status ?? from;
    if (to !== from) {
      const { requireReview } = await getKbSettings(this.db);
      const authors = needsSecondPair(from, to, requireReview) ? await this.authorsOfPending(current, contentChanged ? actor.id : null) : [current.authorId];
      checkTransition(from, to, actor, authors, requireReview);
    }
    const version = contentChanged ? current.version + 1 : current.version;
    const article = await this.db.$transaction(async (tx) => {
      const a = await tx.article.update({
        // Matching the version and status read above: a concurrent edit or transition makes this a 409, never a lost update.
        where: { id, version: current.version, status: from },
        data: {
          ...(input.title !== undefined ? { title: input.title } : {}), ...(input.body !== undefined ? { body: input.body } : {}),
          ...(input.tags ? { tags: input.tags } : {}), ...(input.language ? { language: input.language } : {}),
          ...(input.category !== undefined ? { category: input.category } : {}), version,
          ...(to !== from ? { status: to, ...(to === 'published' ? { publishedAt: new Date(), reviewerId: actor.id } : {}) } : {}),
          ...(contentChanged ? { versions: { create: { version, title: input.title ?? current.title, body: input.body ?? current.body, editorId: actor.id } } } : {}),
        },
      });
      if (to !== from) await this.logStatus(tx, id, actor.id, from, to);
      await enqueue(tx, KB_INDEX_JOB, { articleId: id });
      return a;
    }).catch((err: unknown) => {
      throw isStale(err) ? new AppError('CONFLICT', 'The article changed meanwhile; reload it and try again') : err;
    });
    await this.indexNow(article);
    return articleView(article);
  }

  async search(q: string, limit: number, language?: 'en' | 'zh'): Promise<SearchHit[]> {
    return this.index.search({ q, limit, status: 'published', ...(language ? { language } : {}) });
  }

  private async row(id: string): Promise<ArticleRow> {
    const a = await this.db.article.findUnique({ where: { id } });
    if (!a) throw new AppError('ARTICLE_NOT_FOUND');
    return a;
  }

  /** Who wrote the text about to be published: the author, every editor since the last publication, and this request's editor. */
  private async authorsOfPending(a: ArticleRow, editingNow: string | null): Promise<(string | null)[]> {
    const since = a.publishedAt ? { createdAt: { gte: a.publishedAt } } : {};
    const versions = await this.db.articleVersion.findMany({ where: { articleId: a.id, ...since }, select: { editorId: true } });
    return [a.authorId, editingNow, ...versions.map((v) => v.editorId)];
  }

  /** Status history for the console (who submitted, approved, archived, and when). */
  private logStatus(tx: Prisma.TransactionClient, id: string, actorId: string, from: string | null, to: string) {
    return tx.auditLog.create({ data: { actorId, action: 'kb.status', subjectType: 'article', subjectId: id, data: { from, to } } });
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
