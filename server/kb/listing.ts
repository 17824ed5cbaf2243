// Staff lists: articles by status/language/words, and an article's version and status history.
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import type { ArticleLanguage, ArticleStatus, SearchIndex } from './search/port.js';
import { articleSummary } from './views.js';

export interface ListFilter {
  status?: ArticleStatus;
  language?: ArticleLanguage;
  q?: string;
  limit: number;
  offset: number;
}

/** With q: the index's relevance order over every status; without: most recently updated first. */
export async function listArticles(db: Db, index: SearchIndex, f: ListFilter) {
  const where = { ...(f.status ? { status: f.status } : {}), ...(f.language ? { language: f.language } : {}) };
  if (!f.q) {
    const [rows, total] = await Promise.all([
      db.article.findMany({ where, orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }], take: f.limit, skip: f.offset }),
      db.article.count({ where }),
    ]);
    return { articles: rows.map(articleSummary), total };
  }
  const hits = await index.search({ q: f.q, limit: 100, ...(f.status ? { status: f.status } : {}), ...(f.language ? { language: f.language } : {}) });
  const ids = hits.map((h) => h.id).slice(f.offset, f.offset + f.limit);
  // The database has the last word: an index entry not yet caught up with a status change is dropped.
  const rows = await db.article.findMany({ where: { ...where, id: { in: ids } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
  return { articles: ordered.map(articleSummary), total: hits.length };
}

/** Newest version first, with editor names, plus who moved the article between statuses. */
export async function articleHistory(db: Db, articleId: string) {
  const exists = await db.article.findUnique({ where: { id: articleId }, select: { id: true } });
  if (!exists) throw new AppError('ARTICLE_NOT_FOUND');
  const [versions, changes] = await Promise.all([
    db.articleVersion.findMany({ where: { articleId }, orderBy: { version: 'desc' } }),
    db.auditLog.findMany({ where: { subjectType: 'article', subjectId: articleId, action: 'kb.status' }, orderBy: { createdAt: 'desc' }, take: 200 }),
  ]);
  const userIds = [...new Set([...versions.map((v) => v.editorId), ...changes.map((c) => c.actorId)].filter((x): x is string => !!x))];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
  const name = (id: string | null) => (id ? (users.find((u) => u.id === id)?.name ?? null) : null);
  return {
    versions: versions.map((v) => ({ version: v.version, title: v.title, body: v.body, editorId: v.editorId, editorName: name(v.editorId), createdAt: v.createdAt.toISOString() })),
    statusChanges: changes.map((c) => {
      const d = (c.data ?? {}) as { from?: string | null; to?: string };
      return { from: d.from ?? null, to: d.to ?? null, actorId: c.actorId, actorName: name(c.actorId), at: c.createdAt.toISOString() };
    }),
  };
}
