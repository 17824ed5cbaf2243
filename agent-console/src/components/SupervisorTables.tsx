// The supervisor's tables: per team (with SLA at risk/breached), per channel, and agent loads.
import { useI18n } from '../context.js';
import type { Overview } from '../types-ops.js';
import type { Channel, Presence } from '../types.js';
import { formatDuration } from '../util.js';
import { ChannelIcon } from './ChannelIcon.js';

type Team = Overview['teams'][number];
type ChannelRow = Overview['channels'][number];

const CHANNELS = ['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack'];

export function TeamTable({ teams }: { teams: Team[] }) {
  const { t } = useI18n();
  return (
    <section class="card">
      <h2 class="card-title">{t('sup.byTeam')}</h2>
      <div class="table-wrap">
        <table class="table" data-testid="overview-table">
          <thead>
            <tr>
              <th scope="col">{t('sup.team')}</th>
              <th scope="col" class="num">{t('sup.waiting')}</th>
              <th scope="col" class="num">{t('sup.longestWait')}</th>
              <th scope="col" class="num">{t('sup.inProgress')}</th>
              <th scope="col" class="num">{t('sup.slaAtRisk')}</th>
              <th scope="col" class="num">{t('sup.slaBreached')}</th>
              <th scope="col">{t('sup.agents')}</th>
            </tr>
          </thead>
          <tbody>
            {teams.map((x) => (
              <tr key={x.id} data-team-id={x.id}>
                <th scope="row">{x.name}</th>
                <td class="num">{x.waiting}</td>
                <td class={`num${x.longestWaitSec > 600 ? ' warn-text' : ''}`}>{x.waiting ? formatDuration(x.longestWaitSec) : '—'}</td>
                <td class="num">{x.inProgress}</td>
                <td class={`num${x.sla.atRisk ? ' warn-text' : ''}`}>{x.sla.atRisk}</td>
                <td class={`num${x.sla.breached ? ' danger-text' : ''}`}>{x.sla.breached}</td>
                <td>
                  <span class="agent-counts">
                    <span class="presence-pill online">{t('sup.online', { n: x.agents.online })}</span>
                    <span class="presence-pill away">{t('sup.away', { n: x.agents.away })}</span>
                    <span class="presence-pill offline">{t('sup.offline', { n: x.agents.offline })}</span>
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ChannelTable({ channels }: { channels: ChannelRow[] }) {
  const { t } = useI18n();
  return (
    <section class="card">
      <h2 class="card-title">{t('sup.byChannel')}</h2>
      {channels.length === 0 ? <p class="muted">{t('sup.nothingActive')}</p> : (
        <div class="table-wrap">
          <table class="table" data-testid="channel-table">
            <thead>
              <tr>
                <th scope="col">{t('sup.channel')}</th>
                <th scope="col" class="num">{t('sup.waiting')}</th>
                <th scope="col" class="num">{t('sup.longestWait')}</th>
                <th scope="col" class="num">{t('sup.inProgress')}</th>
                <th scope="col" class="num">{t('sup.slaAtRisk')}</th>
                <th scope="col" class="num">{t('sup.slaBreached')}</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.channel} data-channel={c.channel}>
                  <th scope="row">
                    {CHANNELS.includes(c.channel)
                      ? <span class={`chan chan-${c.channel}`}><ChannelIcon channel={c.channel as Channel} size={12} /> {t(`channel.${c.channel as Channel}`)}</span>
                      : c.channel}
                  </th>
                  <td class="num">{c.waiting}</td>
                  <td class={`num${c.longestWaitSec > 600 ? ' warn-text' : ''}`}>{c.waiting ? formatDuration(c.longestWaitSec) : '—'}</td>
                  <td class="num">{c.inProgress}</td>
                  <td class={`num${c.slaAtRisk ? ' warn-text' : ''}`}>{c.slaAtRisk}</td>
                  <td class={`num${c.slaBreached ? ' danger-text' : ''}`}>{c.slaBreached}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function AgentLoads({ teams }: { teams: Team[] }) {
  const { t } = useI18n();
  const agents = new Map<string, Team['members'][number] & { teams: string[] }>();
  for (const tm of teams) {
    for (const m of tm.members) {
      const cur = agents.get(m.id);
      if (cur) cur.teams.push(tm.name);
      else agents.set(m.id, { ...m, teams: [tm.name] });
    }
  }
  const list = [...agents.values()].sort((a, b) => b.load - a.load || a.name.localeCompare(b.name));
  return (
    <section class="card">
      <h2 class="card-title">{t('sup.agentLoads')}</h2>
      {list.length === 0 ? <p class="muted">{t('sup.noAgents')}</p> : (
        <div class="table-wrap">
          <table class="table" data-testid="agent-loads">
            <thead>
              <tr><th scope="col">{t('rep.agent')}</th><th scope="col">{t('admin.presence')}</th><th scope="col">{t('admin.teams')}</th><th scope="col" class="num">{t('sup.load')}</th></tr>
            </thead>
            <tbody>
              {list.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.name}</th>
                  <td><span class={`presence-pill ${a.presence}`}>{t(`presence.${a.presence as Presence}`)}</span></td>
                  <td>{a.teams.join(', ')}</td>
                  <td class="num">{a.load}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
