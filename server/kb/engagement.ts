// How articles are used: customer views and votes, agent usage (with "did it help?"), and
// self-service deflections. Counters never touch updatedAt, so reading is not "editing".
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { publicArticleView } from './views.js';

export const DEFLECTION = 'kb.deflection';
const USED = 'kb.used';
const HELPED = 'kb.helped';
const NOT_HELPED = 'kb.not_helped';

/** A published article for customers, counting the view; unpublished ones do not exist for them. */
export async function openPublicArticle(db: Db, id: string, countView = true) {
  // Raw SQL: an atomic increment that leaves updatedAt alone (Prisma's @updatedAt would bump it).
  const counted = countView ? await db.$executeRaw`UPDATE "Article" SET "views" = "views" + 1 WHERE "id" = ${id} AND "status" = 'published'` : 1;
  const a = counted ? await db.article.findUnique({ where: { id } }) : null;
  if (!a || a.status !== 'published') throw new AppError('ARTICLE_NOT_FOUND');
  return publicArticleView(a);
}

export async function vote(db: Db, id: string, helpful: boolean): Promise<{ helpful: number; notHelpful: number }> {
  const counted = helpful
    ? await db.$executeRaw`UPDATE "Article" SET "helpful" = "helpful" + 1 WHERE "id" = ${id} AND "status" = 'published'`
    : await db.$executeRaw`UPDATE "Article" SET "notHelpful" = "notHelpful" + 1 WHERE "id" = ${id} AND "status" = 'published'`;
  if (!counted) throw new AppError('ARTICLE_NOT_FOUND');
  return db.article.findUniqueOrThrow({ where: { id }, select: { helpful: true, notHelpful: true } });
}

/**
 * An agent put the article into a reply (helped undefined: usage + 1), or answered "did it help?"
 * afterwards (helped set: the latest answer per agent, article and conversation wins; usage unchanged).
 */
export async function recordUsage(db: Db, articleId: string, actorId: string, conversationId: string, helped?: boolean): Promise<{ usage: number }> {
  const [article, conversation] = await Promise.all([
    db.article.findUnique({ where: { id: articleId }, select: { id: true } }),
    db.conversation.findUnique({ where: { id: conversationId }, select: { id: true } }),
  ]);
  if (!article) throw new AppError('ARTICLE_NOT_FOUND');
  if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND', undefined, 'conversationId');
  const subject = { subjectType: 'article', subjectId: articleId, actorId };
  await db.$transaction(async (tx) => {
    if (helped === undefined) {
      await tx.$executeRaw`UPDATE "Article" SET "usage" = "usage" + 1 WHERE "id" = ${articleId}`;
      await tx.auditLog.create({ data: { ...subject, action: USED, data: { conversationId } } });
      return;
    }
    const earlier = await tx.auditLog.findMany({ where: { ...subject, action: { in: [HELPED, NOT_HELPED] } }, select: { id: true, data: true } });
    const same = earlier.filter((r) => (r.data as { conversationId?: string } | null)?.conversationId === conversationId).map((r) => r.id);
    if (same.length) await tx.auditLog.deleteMany({ where: { id: { in: same } } });
    await tx.auditLog.create({ data: { ...subject, action: helped ? HELPED : NOT_HELPED, data: { conversationId } } });
  });
  return db.article.findUniqueOrThrow({ where: { id: articleId }, select: { usage: true } });
}

/** A visitor read this article in the widget and left without starting a chat. */
export async function recordDeflection(db: Db, articleId: string, inboxToken: string): Promise<void> {
  const [inbox, article] = await Promise.all([
    db.inbox.findUnique({ where: { publicToken: inboxToken }, select: { id: true, enabled: true, channel: true } }),
    db.article.findUnique({ where: { id: articleId }, select: { status: true } }),
  ]);
  if (!inbox || !inbox.enabled || inbox.channel !== 'webchat') throw new AppError('INBOX_NOT_FOUND', undefined, 'inboxToken');
  if (article?.status !== 'published') throw new AppError('ARTICLE_NOT_FOUND', undefined, 'articleId');
  await db.auditLog.create({ data: { action: DEFLECTION, subjectType: 'article', subjectId: articleId, data: { inboxId: inbox.id } } });
}

const STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;

/** Totals for supervisors, plus the 10 most viewed articles with their own counts. */
export async function kbStats(db: Db) {
  const [byStatus, sums, actions, deflectedBy, top] = await Promise.all([
    db.article.groupBy({ by: ['status'], _count: { _all: true } }),
    db.article.aggregate({ _sum: { views: true, helpful: true, notHelpful: true, usage: true } }),
    db.auditLog.groupBy({ by: ['action'], where: { subjectType: 'article', action: { in: [DEFLECTION, HELPED, NOT_HELPED] } }, _count: { _all: true } }),
    db.auditLog.groupBy({ by: ['subjectId'], where: { subjectType: 'article', action: DEFLECTION }, _count: { _all: true } }),
    db.article.findMany({ orderBy: [{ views: 'desc' }, { id: 'asc' }], take: 10 }),
  ]);
  const countOf = (action: string) => actions.find((a) => a.action === action)?._count._all ?? 0;
  const deflections = new Map(deflectedBy.map((d) => [d.subjectId, d._count._all]));
  return {
    articles: Object.fromEntries(STATUSES.map((s) => [s, byStatus.find((b) => b.status === s)?._count._all ?? 0])) as Record<(typeof STATUSES)[number], number>,
    totals: {
      views: sums._sum.views ?? 0, helpful: sums._sum.helpful ?? 0, notHelpful: sums._sum.notHelpful ?? 0,
      usage: sums._sum.usage ?? 0, usageHelped: countOf(HELPED), usageNotHelped: countOf(NOT_HELPED), deflections: countOf(DEFLECTION),
    },
    top: top.map((a) => ({
      id: a.id, title: a.title, status: a.status, language: a.language, views: a.views, helpful: a.helpful, notHelpful: a.notHelpful,
      usage: a.usage, deflections: deflections.get(a.id) ?? 0,
    })),
  };
}
