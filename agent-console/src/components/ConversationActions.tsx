// Assign to an agent, transfer to a team, resolve or reopen.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n, useSession } from '../context.js';
import type { ConversationSummary } from '../types.js';

export function ConversationActions({ c, onChanged }: { c: ConversationSummary; onChanged: (c: ConversationSummary) => void }) {
  const { t } = useI18n();
  const { users, teams, me, notify } = useSession();
  const [busy, setBusy] = useState(false);
  const agents = users.filter((u) => u.active !== false);

  async function run(action: () => Promise<ConversationSummary>) {
    setBusy(true);
    try {
      onChanged(await action());
    } catch (err) {
      notify(`${t('action.failed')}: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  const resolved = c.status === 'resolved';
  return (
    <div class="conv-actions">
      <label class="mini-field">
        <span>{t('action.assignee')}</span>
        <select data-testid="assign-select" value={c.assigneeId ?? ''} disabled={busy}
          onChange={(e) => { const v = e.currentTarget.value; void run(() => api.assign(c.id, { assigneeId: v || null })); }}>
          <option value="">{t('action.unassigned')}</option>
          {agents.map((u) => (
            <option key={u.id} value={u.id}>{u.id === me.id ? t('action.me', { name: u.name }) : u.name} · {t(`presence.${u.presence}`)}</option>
          ))}
        </select>
      </label>
      <label class="mini-field">
        <span>{t('action.team')}</span>
        <select data-testid="team-select" value={c.teamId ?? ''} disabled={busy}
          onChange={(e) => { const v = e.currentTarget.value; void run(() => api.assign(c.id, { teamId: v || null })); }}>
          <option value="">{t('action.noTeam')}</option>
          {teams.map((tm) => <option key={tm.id} value={tm.id}>{tm.name}</option>)}
        </select>
      </label>
      <button type="button" data-testid="resolve-button" class={`btn ${resolved ? 'secondary' : 'success'}`} disabled={busy}
        onClick={() => void run(() => api.setStatus(c.id, resolved ? 'open' : 'resolved'))}>
        {resolved ? t('action.reopen') : t('action.resolve')}
      </button>
    </div>
  );
}
