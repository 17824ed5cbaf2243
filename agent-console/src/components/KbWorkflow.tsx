// The status buttons an article offers this user, mirroring server/kb/workflow.ts (the server decides).
import { useI18n, useSession } from '../context.js';
import type { MessageKey } from '../i18n.js';
import type { KbStatus } from '../types.js';

interface Props {
  /** null while the article is not created yet. */
  status: KbStatus | null;
  authorId: string | null;
  requireReview: boolean;
  busy: boolean;
  onMove: (to: KbStatus) => void;
}

interface Move { to: KbStatus; label: MessageKey; tone: string; testid: string; reviewer: boolean }

const MOVES: Record<KbStatus | 'new', Move[]> = {
  new: [
    { to: 'in_review', label: 'kbw.submit', tone: 'secondary', testid: 'kb-submit', reviewer: false },
    { to: 'published', label: 'kbw.publish', tone: 'success', testid: 'kb-publish', reviewer: true },
  ],
  draft: [
    { to: 'in_review', label: 'kbw.submit', tone: 'secondary', testid: 'kb-submit', reviewer: false },
    { to: 'published', label: 'kbw.publish', tone: 'success', testid: 'kb-publish', reviewer: true },
  ],
  in_review: [
    { to: 'published', label: 'kbw.publish', tone: 'success', testid: 'kb-publish', reviewer: true },
    { to: 'draft', label: 'kbw.withdraw', tone: 'secondary', testid: 'kb-withdraw', reviewer: false },
  ],
  published: [
    { to: 'draft', label: 'kbw.unpublish', tone: 'secondary', testid: 'kb-unpublish', reviewer: true },
    { to: 'archived', label: 'kbw.archive', tone: 'secondary', testid: 'kb-archive', reviewer: true },
  ],
  archived: [{ to: 'draft', label: 'kbw.revive', tone: 'secondary', testid: 'kb-revive', reviewer: true }],
};

export function KbWorkflow({ status, authorId, requireReview, busy, onMove }: Props) {
  const { t } = useI18n();
  const { me } = useSession();
  const reviewer = me.role !== 'agent';
  // A new article created published counts as reviewed by its author; an existing draft must go through review.
  const moves = MOVES[status ?? 'new'].filter((m) => (!m.reviewer || reviewer) && !(status === 'draft' && m.to === 'published' && requireReview));
  const ownReview = status === 'in_review' && requireReview && authorId === me.id && me.role !== 'admin';
  return (
    <>
      {moves.map((m) => {
        const blocked = ownReview && m.to === 'published';
        return (
          <button key={m.to} type="button" class={`btn ${m.tone}`} data-testid={m.testid} disabled={busy || blocked}
            title={blocked ? t('kbw.ownReview') : undefined} onClick={() => onMove(m.to)}>
            {t(m.label)}
          </button>
        );
      })}
      {ownReview && reviewer && <span class="muted small">{t('kbw.ownReview')}</span>}
    </>
  );
}
