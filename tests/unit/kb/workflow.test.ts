// The review workflow as a table: every (from, to) pair for each role, with and without review.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { allowedNext, checkContentEdit, checkInitialStatus, checkTransition, type Actor } from '../../../server/kb/workflow.js';
import type { ArticleStatus } from '../../../server/kb/search/port.js';

const STATUSES: ArticleStatus[] = ['draft', 'in_review', 'published', 'archived'];
const agent: Actor = { id: 'ag', role: 'agent' };
const sup: Actor = { id: 'su', role: 'supervisor' };
const admin: Actor = { id: 'ad', role: 'admin' };

/** The error code a move gives, or 'ok'. */
function outcome(fn: () => void): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return err.code;
  }
}

describe('article workflow', () => {
  it('has exactly the documented graph', () => {
    expect(allowedNext('draft', true)).toEqual(['in_review']);
    expect(allowedNext('draft', false)).toEqual(['in_review', 'published']);
    expect(allowedNext('in_review', true)).toEqual(['published', 'draft']);
    expect(allowedNext('published', true)).toEqual(['archived', 'draft']);
    expect(allowedNext('archived', true)).toEqual(['draft']);
  });

  it('rejects moves outside the graph with 409 INVALID_TRANSITION naming status, for every role', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        if (from === to || allowedNext(from, true).includes(to)) continue;
        for (const who of [agent, sup, admin]) {
          try {
            checkTransition(from, to, who, ['someone'], true);
            expect.unreachable(`${from} -> ${to} by ${who.role}`);
          } catch (err) {
            expect(err).toMatchObject({ code: 'INVALID_TRANSITION', statusCode: 409, field: 'status' });
          }
        }
      }
    }
  });

  it('lets agents only submit and withdraw; reviewers do the rest', () => {
    expect(outcome(() => checkTransition('draft', 'in_review', agent, [agent.id], true))).toBe('ok');
    expect(outcome(() => checkTransition('in_review', 'draft', agent, [agent.id], true))).toBe('ok');
    expect(outcome(() => checkTransition('in_review', 'published', agent, ['other'], true))).toBe('FORBIDDEN');
    expect(outcome(() => checkTransition('draft', 'published', agent, [agent.id], false))).toBe('FORBIDDEN');
    expect(outcome(() => checkTransition('published', 'archived', agent, [agent.id], true))).toBe('FORBIDDEN');
    expect(outcome(() => checkTransition('archived', 'draft', agent, [agent.id], true))).toBe('FORBIDDEN');
    for (const who of [sup, admin]) {
      expect(outcome(() => checkTransition('in_review', 'published', who, [agent.id], true))).toBe('ok');
      expect(outcome(() => checkTransition('published', 'archived', who, [agent.id], true))).toBe('ok');
      expect(outcome(() => checkTransition('published', 'draft', who, [agent.id], true))).toBe('ok');
      expect(outcome(() => checkTransition('archived', 'draft', who, [agent.id], true))).toBe('ok');
    }
  });

  it('needs a second person to approve, unless the approver is an admin or review is off', () => {
    expect(outcome(() => checkTransition('in_review', 'published', sup, [sup.id], true))).toBe('FORBIDDEN');
    // Any author of the version counts, not only the one who created the article.
    expect(outcome(() => checkTransition('in_review', 'published', sup, [agent.id, null, sup.id], true))).toBe('FORBIDDEN');
    expect(outcome(() => checkTransition('in_review', 'published', sup, [agent.id, null], true))).toBe('ok');
    expect(outcome(() => checkTransition('in_review', 'published', admin, [admin.id], true))).toBe('ok');
    expect(outcome(() => checkTransition('in_review', 'published', sup, [sup.id], false))).toBe('ok');
    expect(outcome(() => checkTransition('draft', 'published', sup, [sup.id], false))).toBe('ok');
  });

  it('a same-status "move" is no move at all', () => {
    for (const s of STATUSES) expect(outcome(() => checkTransition(s, s, agent, ['x'], true))).toBe('ok');
  });

  it('new articles start as draft or in review, or published by a reviewer, never archived', () => {
    expect(outcome(() => checkInitialStatus('draft', agent))).toBe('ok');
    expect(outcome(() => checkInitialStatus('in_review', agent))).toBe('ok');
    expect(outcome(() => checkInitialStatus('published', agent))).toBe('FORBIDDEN');
    expect(outcome(() => checkInitialStatus('published', sup))).toBe('ok');
    expect(outcome(() => checkInitialStatus('archived', admin))).toBe('INVALID_TRANSITION');
  });

  it('only reviewers edit what customers can read (or could)', () => {
    expect(outcome(() => checkContentEdit('draft', agent))).toBe('ok');
    expect(outcome(() => checkContentEdit('in_review', agent))).toBe('ok');
    expect(outcome(() => checkContentEdit('published', agent))).toBe('FORBIDDEN');
    expect(outcome(() => checkContentEdit('archived', agent))).toBe('FORBIDDEN');
    expect(outcome(() => checkContentEdit('published', sup))).toBe('ok');
  });
});
