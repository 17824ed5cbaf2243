// #/kb: the article list beside the editor; supervisors see the numbers, admins the review setting.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n, useSession } from '../context.js';
import type { KbArticle } from '../types.js';
import { KbEditor } from './KbEditor.js';
import { KbList } from './KbList.js';
import { KbStatsCard } from './KbStatsCard.js';

export function KbPage({ articleId }: { articleId: string | null }) {
  const { t } = useI18n();
  const { me, navigate, notify } = useSession();
  const [requireReview, setRequireReview] = useState(true);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    api.kbSettings().then((s) => setRequireReview(s.requireReview)).catch(() => undefined);
  }, []);

  async function toggleReview(on: boolean) {
    try {
      setRequireReview((await api.kbSetSettings(on)).requireReview);
      notify(t('kbp.settingSaved'), 'info');
    } catch (err) {
      notify(`${t('action.failed')}: ${(err as Error).message}`);
    }
  }

  const saved = (a: KbArticle) => {
    setReloadKey((n) => n + 1);
    if (articleId !== a.id) navigate(`#/kb/${encodeURIComponent(a.id)}`);
  };

  return (
    <div class="kb-page">
      <KbList selectedId={articleId} reloadKey={reloadKey} onOpen={(id) => navigate(`#/kb/${encodeURIComponent(id)}`)} />
      <main class="page" aria-labelledby="kb-title">
        <div class="page-head">
          <h1 id="kb-title">{t('kb.title')}</h1>
          {me.role === 'admin' && (
            <label class="check" title={t('kbp.requireReviewHint')}>
              <input type="checkbox" data-testid="kb-require-review" checked={requireReview} onChange={(e) => void toggleReview(e.currentTarget.checked)} />
              {t('kbp.requireReview')}
            </label>
          )}
        </div>
        {me.role !== 'agent' && <KbStatsCard reloadKey={reloadKey} />}
        {articleId
          ? <KbEditor key={articleId} id={articleId === 'new' ? null : articleId} requireReview={requireReview} onSaved={saved} />
          : <div class="card empty"><p class="muted">{t('kbp.pick')}</p></div>}
      </main>
    </div>
  );
}
