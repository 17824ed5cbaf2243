// Reports for supervisors and admins: volume over time, response times, SLA attainment, CSAT and
// per-agent numbers for a date range and team; each report downloads as CSV.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage, opsApi } from '../../api-ops.js';
import { useI18n } from '../../context.js';
import type { AgentsReport, CsatReport, ReportFilter, ResponseTimesReport, SlaReport, VolumeReport } from '../../types-ops.js';
import { AgentsTable, ResponseTimesTable, SlaTable } from './ReportTables.js';
import { CsatCard, VolumeCard } from './ReportCharts.js';
import { defaultFilter, ReportFilters } from './ReportFilters.js';

interface Data {
  volume: VolumeReport;
  times: ResponseTimesReport;
  sla: SlaReport;
  csat: CsatReport;
  agents: AgentsReport;
}

export function ReportsPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<ReportFilter>(() => defaultFilter());
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setBusy(true);
    setError(null);
    Promise.all([opsApi.volume(filter), opsApi.responseTimes(filter), opsApi.sla(filter), opsApi.csat(filter), opsApi.agents(filter)])
      .then(([volume, times, sla, csat, agents]) => !cancelled && setData({ volume, times, sla, csat, agents }))
      .catch((err) => !cancelled && setError(errorMessage(err, t('error.load'))))
      .finally(() => !cancelled && setBusy(false));
    return () => { cancelled = true; };
  }, [filter]);

  return (
    <main class="page" aria-labelledby="rep-title" aria-busy={busy}>
      <div class="page-head">
        <h1 id="rep-title">{t('rep.title')}</h1>
        <span class="muted small" aria-live="polite">{busy ? t('rep.loading') : ''}</span>
      </div>
      <ReportFilters value={filter} busy={busy} onApply={setFilter} />
      {error && <p class="form-error" role="alert">{error}</p>}
      {data && (
        <>
          <div class="kpis">
            <div class="kpi"><span class="kpi-value">{data.volume.totals.conversations}</span><span class="kpi-label">{t('rep.kpiConversations')}</span></div>
            <div class="kpi"><span class="kpi-value">{pct(data.sla.firstResponse.attainmentPct)}</span><span class="kpi-label">{t('rep.kpiSlaFirst')}</span></div>
            <div class="kpi"><span class="kpi-value">{data.csat.average === null ? '—' : data.csat.average.toFixed(2)}</span><span class="kpi-label">{t('rep.kpiCsat', { n: data.csat.responses })}</span></div>
            <div class="kpi"><span class="kpi-value">{pct(data.csat.satisfiedPct)}</span><span class="kpi-label">{t('rep.kpiSatisfied')}</span></div>
          </div>
          <VolumeCard report={data.volume} filter={filter} />
          <div class="report-grid">
            <ResponseTimesTable report={data.times} filter={filter} />
            <CsatCard report={data.csat} filter={filter} />
          </div>
          <SlaTable report={data.sla} filter={filter} />
          <AgentsTable report={data.agents} filter={filter} />
        </>
      )}
    </main>
  );
}

export function pct(v: number | null): string {
  return v === null ? '—' : `${v}%`;
}
