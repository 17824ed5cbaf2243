// Live numbers per team: waiting, longest wait, in progress, SLA breaches, agents by presence.
// Refreshed (debounced) whenever conversations or presence change, and every 30 s.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n, useSession } from '../context.js';
import { useSocketEvent } from '../hooks/useSocketEvent.js';
import type { Overview } from '../types.js';
import { formatDuration, formatTime } from '../util.js';
import { BarChart } from './BarChart.js';

const DEBOUNCE_MS = 800;

export function SupervisorPage() {
  const { t, lang } = useI18n();
  const { socket, epoch } = useSession();
  const [data, setData] = useState<Overview | null>(null);
  const [failed, setFailed] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      setData(await api.overview());
      setFailed(false);
      setUpdatedAt(new Date().toISOString());
    } catch {
      setFailed(true);
    }
  }, []);
  const soon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), DEBOUNCE_MS);
  };

  useEffect(() => {
    void load();
    const every = setInterval(() => void load(), 30_000);
    return () => {
      clearInterval(every);
      clearTimeout(timer.current);
    };
  }, [epoch]);
  useSocketEvent(socket, 'conversation.updated', soon);
  useSocketEvent(socket, 'conversation.created', soon);
  useSocketEvent(socket, 'presence.updated', soon);

  const teams = data?.teams ?? [];
  const totalWaiting = teams.reduce((n, x) => n + x.waiting, 0) + (data?.unrouted ?? 0);
  return (
    <main class="page" aria-labelledby="sup-title">
      <div class="page-head">
        <h1 id="sup-title">{t('sup.title')}</h1>
        <span class="muted small" aria-live="polite">{updatedAt ? t('sup.updated', { time: formatTime(updatedAt, lang) }) : ''}</span>
        <button type="button" class="btn secondary small" onClick={() => void load()}>{t('sup.refresh')}</button>
      </div>
      {failed && <p class="form-error" role="alert">{t('error.load')}</p>}
      {data && (
        <>
          <div class="kpis">
            <div class="kpi"><span class="kpi-value">{totalWaiting}</span><span class="kpi-label">{t('sup.totalWaiting')}</span></div>
            <div class="kpi"><span class="kpi-value">{data.unrouted}</span><span class="kpi-label">{t('sup.unrouted')}</span></div>
            <div class="kpi"><span class="kpi-value">{teams.reduce((n, x) => n + x.slaBreached, 0)}</span><span class="kpi-label">{t('sup.slaBreached')}</span></div>
            <div class="kpi">
              <span class="kpi-value">{data.csat.average === null ? '—' : data.csat.average.toFixed(2)}</span>
              <span class="kpi-label">{t('sup.csat', { n: data.csat.responses })}</span>
            </div>
          </div>
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
                    <th scope="col" class="num">{t('sup.sla')}</th>
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
                      <td class={`num${x.slaBreached ? ' danger-text' : ''}`}>{x.slaBreached}</td>
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
          <section class="card">
            <h2 class="card-title">{t('sup.chartTitle')}</h2>
            <BarChart title={t('sup.chartTitle')}
              description={teams.map((x) => `${x.name}: ${x.waiting}`).join(', ')}
              bars={[
                ...teams.map((x) => ({ label: x.name, value: x.waiting, tone: x.slaBreached ? ('danger' as const) : x.longestWaitSec > 600 ? ('warn' as const) : ('normal' as const) })),
                { label: t('sup.unroutedShort'), value: data.unrouted, tone: 'warn' as const },
              ]} />
          </section>
        </>
      )}
    </main>
  );
}
