// What an article looks like to the search index, to staff and to the public.
import type { Db } from '../db/client.js';
import { renderMarkdown } from './markdown.js';
import type { ArticleLanguage, ArticleStatus, SearchDoc } from './search/port.js';

export type ArticleRow = Awaited<ReturnType<Db['article']['findUniqueOrThrow']>>;

const tagsOf = (a: ArticleRow) => (Array.isArray(a.tags) ? (a.tags as string[]) : []);

export function toSearchDoc(a: ArticleRow): SearchDoc {
  return { id: a.id, title: a.title, body: a.body, tags: tagsOf(a), language: a.language as ArticleLanguage, status: a.status as ArticleStatus, category: a.category };
}

/** The staff view: everything, counters included. */
export function articleView(a: ArticleRow) {
  return {
    id: a.id, title: a.title, body: a.body, category: a.category, tags: tagsOf(a), language: a.language, status: a.status,
    authorId: a.authorId, reviewerId: a.reviewerId, version: a.version, helpful: a.helpful, notHelpful: a.notHelpful,
    views: a.views, usage: a.usage, publishedAt: a.publishedAt?.toISOString() ?? null, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
  };
}

/** A list row for staff: no body, so long lists stay small. */
export function articleSummary(a: ArticleRow) {
  const { body: _body, ...rest } = articleView(a);
  return rest;
}

/** What customers see: published content only, with HTML from renderMarkdown (raw HTML escaped, unsafe URLs dropped). */
export function publicArticleView(a: ArticleRow) {
  return {
    id: a.id, title: a.title, language: a.language, category: a.category, html: renderMarkdown(a.body),
    publishedAt: a.publishedAt?.toISOString() ?? null, updatedAt: a.updatedAt.toISOString(),
  };
}
