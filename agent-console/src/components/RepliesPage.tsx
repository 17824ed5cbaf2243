// #/replies: every saved reply the signed-in person may use, filtered as they type; personal ones
// are theirs to edit, team and global ones their supervisors' and admins'.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { cannedApi, type CannedResponse } from '../api-canned.js';
import { useI18n, useSession } from '../context.js';
import { CannedForm } from './CannedForm.js';

export function RepliesPage() {
  const { t, lang } = useI18n();
  const { notify, teams } = useSession();
  const [items, setItems] = useState<CannedResponse[] | null>(null);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const load = () => cannedApi.list().then(setItems).catch(() => notify(t('cr.failed')));
  useEffect(() => void load(), []);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase().replace(/^\//, '');
    return (items ?? []).filter((r) => !q || r.shortcut.includes(q) || r.title.toLowerCase().includes(q) || r.body.toLowerCase().includes(q));
  }, [items, filter]);
  const uses = (n: number) => t('cr.uses', { n: n.toLocaleString(lang) });

  async function remove(r: CannedResponse) {
    if (!confirm(t('cr.deleteConfirm', { shortcut: r.shortcut }))) return;
    try {
      await cannedApi.remove(r.id);
      notify(t('cr.deleted', { shortcut: r.shortcut }));
      await load();
    } catch (err) {
      notify(`${t('action.failed')}: ${(err as Error).message}`);
    }
  }

  return (
    <main class="page replies-page" aria-labelledby="replies-title">
      <div class="page-head">
        <h1 id="replies-title">{t('cr.title')}</h1>
        <button type="button" class="btn primary" data-testid="canned-new" onClick={() => setEditing('new')}>{t('cr.new')}</button>
      </div>
      {editing && (
        <CannedForm key={editing === 'new' ? 'new' : editing.id} editing={editing === 'new' ? null : editing}
          onDone={(saved) => { setEditing(null); if (saved) { notify(t('cr.saved', { shortcut: saved.shortcut })); void load(); } }} />
      )}
      <section class="card">
        <label class="sr-only" for="canned-filter">{t('cr.filter')}</label>
        <input id="canned-filter" type="search" class="canned-filter" data-shortcut="search" placeholder={t('cr.filter')} value={filter} maxLength={200} onInput={(e) => setFilter(e.currentTarget.value)} />
        {items === null ? <p class="muted">{t('cr.loading')}</p> : shown.length === 0 ? <p class="muted">{t('cr.empty')}</p> : (
          <ul class="canned-rows" data-testid="canned-rows">
            {shown.map((r) => (
              <li key={r.id} class="canned-row">
                <div class="canned-row-head">
                  <code class="canned-shortcut">/{r.shortcut}</code>
                  <strong>{r.title}</strong>
                  <span class="badge">{t(`cr.scope.${r.scope}`)}{r.teamId ? ` · ${teams.find((x) => x.id === r.teamId)?.name ?? ''}` : ''}</span>
                  <span class="badge">{r.language ?? t('cr.anyLanguage')}</span>
                  {r.requestType && <span class="badge">{t(`type.${r.requestType as 'sales'}`)}</span>}
                  <span class="small muted">{uses(r.useCount)}</span>
                  {r.canManage ? (
                    <span class="canned-row-actions">
                      <button type="button" class="btn secondary small" onClick={() => setEditing(r)} aria-label={`${t('cr.edit')} /${r.shortcut}`}>{t('cr.editShort')}</button>
                      <button type="button" class="btn secondary small" onClick={() => void remove(r)}>{t('cr.delete')}</button>
                    </span>
                  ) : <span class="small muted canned-row-actions">{t('cr.readOnly')}</span>}
                </div>
                <p class="canned-row-body">{r.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
