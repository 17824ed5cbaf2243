// Waiting (unassigned) conversations with a control to hand each one to an agent.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage, opsApi } from '../api-ops.js';
import { useI18n, useSession } from '../context.js';
import { useNow } from '../hooks/useNow.js';
import type { Overview } from '../types-ops.js';
import type { ConversationSummary } from '../types.js';
import { formatDuration, secondsSince } from '../util.js';
import { ChannelIcon } from './ChannelIcon.js';
import { customerLabel } from '../customer-label.js';

export function WaitingQueue({ overview }: { overview: Overview }) {
  const { t } = useI18n();
  const { users, teams, notify } = useSession();
  const now = useNow(15_000);
  const [list, setList] = useState<ConversationSummary[] | null>(null);
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    opsApi.unassigned().then((r) => !cancelled && setList(r.conversations)).catch(() => !cancelled && setList((l) => l ?? []));
    return () => { cancelled = true; };
  }, [overview.generatedAt]);

  const agents = users.filter((u) => u.active !== false);
  const load = new Map(overview.teams.flatMap((tm) => tm.members.map((m) => [m.id, m.load] as const)));

  async function assign(c: ConversationSummary) {
    const agentId = picked[c.id];
    if (!agentId) return;
    setBusy(c.id);
    try {
      await opsApi.assign(c.id, agentId);
      setList((l) => (l ?? []).filter((x) => x.id !== c.id));
      notify(t('sup.assigned', { name: users.find((u) => u.id === agentId)?.name ?? '' }), 'info');
    } catch (err) {
      notify(`${t('action.failed')}: ${errorMessage(err, t('error.network'))}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="card" aria-labelledby="queue-title">
      <h2 class="card-title" id="queue-title">{t('sup.queue', { n: list?.length ?? 0 })}</h2>
      {list === null ? <p class="muted">{t('conversation.loading')}</p> : list.length === 0 ? <p class="muted">{t('sup.queueEmpty')}</p> : (
        <div class="table-wrap">
          <table class="table" data-testid="waiting-queue">
            <thead>
              <tr>
                <th scope="col">{t('sup.customer')}</th>
                <th scope="col">{t('sup.channel')}</th>
                <th scope="col">{t('sup.team')}</th>
                <th scope="col" class="num">{t('sup.waitingFor')}</th>
                <th scope="col">{t('sup.reassign')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => {
                const since = c.queuedAt ?? c.createdAt;
                const label = `${t('sup.assignTo')} — ${customerLabel(t, c.customer)}`;
                return (
                  <tr key={c.id} data-conversation-id={c.id}>
                    <th scope="row">
                      <a href={`#/inbox/${encodeURIComponent(c.id)}`}>{customerLabel(t, c.customer)}</a>
                      {c.slaBreachedAt && <span class="badge breach">{t('list.slaBreached')}</span>}
                      {c.subject && <div class="muted small ellipsis">{c.subject}</div>}
                    </th>
                    <td><span class={`chan chan-${c.channel}`}><ChannelIcon channel={c.channel} size={12} /> {t(`channel.${c.channel}`)}</span></td>
                    <td>{teams.find((x) => x.id === c.teamId)?.name ?? <span class="muted">—</span>}</td>
                    <td class="num">{formatDuration(secondsSince(since, now))}</td>
                    <td>
                      <span class="inline-form">
                        <select aria-label={label} data-testid="reassign-agent" value={picked[c.id] ?? ''}
                          onChange={(e) => { const v = e.currentTarget.value; setPicked((p) => ({ ...p, [c.id]: v })); }}>
                          <option value="">{t('sup.pickAgent')}</option>
                          {agents.map((u) => (
                            <option key={u.id} value={u.id}>{`${u.name} · ${t(`presence.${u.presence}`)} · ${t('sup.loadN', { n: load.get(u.id) ?? 0 })}`}</option>
                          ))}
                        </select>
                        <button type="button" class="btn secondary small" data-testid="reassign-button" disabled={!picked[c.id] || busy === c.id}
                          onClick={() => void assign(c)}>{t('sup.assign')}</button>
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
