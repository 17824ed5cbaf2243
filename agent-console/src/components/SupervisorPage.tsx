// Live numbers per team and channel: waiting, longest wait, in progress, SLA at risk/breached,
// agents with their load, and the waiting queue to reassign. Pushed by the server as
// 'overview.updated'; fetched once on open, on reconnect and on demand.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { opsApi } from '../api-ops.js';
import { useI18n, useSession } from '../context.js';
import { useSocketEvent } from '../hooks/useSocketEvent.js';
import type { Overview } from '../types-ops.js';
import { formatTime } from '../util.js';
import { BarChart } from './BarChart.js';
import { AgentLoads, ChannelTable, TeamTable } from './SupervisorTables.js';
import { WaitingQueue } from './WaitingQueue.js';

export function SupervisorPage() {
  const { t, lang } = useI18n();
  const { socket, epoch, notify } = useSession();
  const [data, setData] = useState<Overview | null>(null);
  const [failed, setFailed] = useState(false);

  const load = useCallback(async () => {
    try {
      setData(await opsApi.overview());
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, []);

  useEffect(() => { void load(); }, [epoch]);
  useSocketEvent(socket, 'overview.updated', (o) => setData(o));
  useSocketEvent(socket, 'sla.breached', (b) => {
    const team = data?.teams.find((x) => x.id === b.teamId)?.name ?? t('sup.noTeam');
    notify(t('sup.breachToast', { timer: t(`sla.${b.timer}`), team, id: b.conversationId.slice(-6) }));
  });

  const teams = data?.teams ?? [];
  const totalWaiting = teams.reduce((n, x) => n + x.waiting, 0) + (data?.unrouted ?? 0);
  const atRisk = (data?.channels ?? []).reduce((n, c) => n + c.slaAtRisk, 0);
  const breached = (data?.channels ?? []).reduce((n, c) => n + c.slaBreached, 0);
  return (
    <main class="page" aria-labelledby="sup-title">
      <div class="page-head">
        <h1 id="sup-title">{t('sup.title')}</h1>
        <span class="muted small" aria-live="polite">{data?.generatedAt ? t('sup.updated', { time: formatTime(data.generatedAt, lang) }) : ''}</span>
        <button type="button" class="btn secondary small" onClick={() => void load()}>{t('sup.refresh')}</button>
      </div>
      {failed && <p class="form-error" role="alert">{t('error.load')}</p>}
      {data && (
        <>
          <div class="kpis kpis-5">
            <div class="kpi"><span class="kpi-value">{totalWaiting}</span><span class="kpi-label">{t('sup.totalWaiting')}</span></div>
            <div class="kpi"><span class="kpi-value">{data.unrouted}</span><span class="kpi-label">{t('sup.unrouted')}</span></div>
            <div class="kpi"><span class={`kpi-value${atRisk ? ' warn-text' : ''}`}>{atRisk}</span><span class="kpi-label">{t('sup.slaAtRisk')}</span></div>
            <div class="kpi"><span class={`kpi-value${breached ? ' danger-text' : ''}`}>{breached}</span><span class="kpi-label">{t('sup.slaBreached')}</span></div>
            <div class="kpi">
              <span class="kpi-value">{data.csat.average === null ? '—' : data.csat.average.toFixed(2)}</span>
              <span class="kpi-label">{t('sup.csat', { n: data.csat.responses })}</span>
            </div>
          </div>
          <TeamTable teams={teams} />
          <ChannelTable channels={data.channels} />
          <WaitingQueue overview={data} />
          <AgentLoads teams={teams} />
          <section class="card">
            <h2 class="card-title">{t('sup.chartTitle')}</h2>
            <BarChart title={t('sup.chartTitle')}
              description={teams.map((x) => `${x.name}: ${x.waiting}`).join(', ')}
              bars={[
                ...teams.map((x) => ({ label: x.name, value: x.waiting, tone: x.sla.breached ? ('danger' as const) : x.sla.atRisk || x.longestWaitSec > 600 ? ('warn' as const) : ('normal' as const) })),
                { label: t('sup.unroutedShort'), value: data.unrouted, tone: 'warn' as const },
              ]} />
          </section>
        </>
      )}
    </main>
  );
}
