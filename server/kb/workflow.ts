// The article review workflow: which status changes exist and who may make them.
// docs/knowledge-base.md describes the same rules for people; keep the two in step.
import { AppError } from '../errors.js';
import type { Role } from '../realtime/contract.js';
import type { ArticleStatus } from './search/port.js';

export interface Actor {
  id: string;
  role: Role;
}

/** Every edge of the graph; draft -> published exists only while review is not required. */
const EDGES: Record<ArticleStatus, readonly ArticleStatus[]> = {
  draft: ['in_review', 'published'],
  in_review: ['published', 'draft'],
  published: ['archived', 'draft'],
  archived: ['draft'],
};

export const isReviewer = (role: Role) => role === 'supervisor' || role === 'admin';

/** Agents move their work between draft and review; everything else needs a reviewer. */
const agentMove = (from: ArticleStatus, to: ArticleStatus) =>
  (from === 'draft' && to === 'in_review') || (from === 'in_review' && to === 'draft');

export function allowedNext(from: ArticleStatus, requireReview: boolean): ArticleStatus[] {
  return EDGES[from].filter((to) => !(requireReview && from === 'draft' && to === 'published'));
}

/** The one move that is an approval: only then does who wrote the text matter. */
export const needsSecondPair = (from: ArticleStatus, to: ArticleStatus, requireReview: boolean) => requireReview && from === 'in_review' && to === 'published';

/**
 * Throws 409 INVALID_TRANSITION for a move outside the graph, 403 FORBIDDEN for a move the role may not make.
 * `authorIds`: everyone who wrote the text being published (the article's author and every editor since it was last published).
 */
export function checkTransition(from: ArticleStatus, to: ArticleStatus, actor: Actor, authorIds: readonly (string | null)[], requireReview: boolean): void {
  if (from === to) return;
  if (!allowedNext(from, requireReview).includes(to)) {
    const hint = from === 'draft' && to === 'published' ? ' (publishing needs a review: submit it for review first)' : '';
    throw new AppError('INVALID_TRANSITION', `status: cannot go from ${from} to ${to}${hint}`, 'status');
  }
  if (!agentMove(from, to) && !isReviewer(actor.role)) {
    throw new AppError('FORBIDDEN', 'status: only supervisors and admins publish, unpublish, archive or revive articles', 'status');
  }
  // Four eyes: a supervisor cannot approve text they wrote; an admin can (small teams need a way out).
  if (needsSecondPair(from, to, requireReview) && authorIds.includes(actor.id) && actor.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'status: you wrote part of this version; another supervisor or an admin must review it', 'status');
  }
}

/** The status a new article may start in: a reviewer creating it published is its author and reviewer at once. */
export function checkInitialStatus(status: ArticleStatus, actor: Actor): void {
  if (status === 'archived') throw new AppError('INVALID_TRANSITION', 'status: a new article cannot start archived', 'status');
  if (status === 'published' && !isReviewer(actor.role)) {
    throw new AppError('FORBIDDEN', 'status: only supervisors and admins publish articles', 'status');
  }
}

/** Published and archived text is what customers saw: agents propose changes by drafting, reviewers edit. */
export function checkContentEdit(status: ArticleStatus, actor: Actor): void {
  if ((status === 'published' || status === 'archived') && !isReviewer(actor.role)) {
    throw new AppError('FORBIDDEN', `Only supervisors and admins edit ${status} articles`);
  }
}
