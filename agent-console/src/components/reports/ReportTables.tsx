// The report tables: response times (median, p90), SLA attainment per team, and per agent.
import { useI18n } from '../../context.js';
import type { AgentsReport, Attainment, ReportFilter, ResponseTimesReport, SlaReport, TimingSummary } from '../../types-ops.js';
import { formatDuration } from '../../util.js';
import { CsvButton } from './CsvButton.js';

const dur = (s: number | null) => (s === null ? '—' : formatDuration(s));
const pct = (a: Attainment) => (a.attainmentPct === null ? '—' : `${a.attainmentPct}%`);
const tone = (a: Attainment) => (a.attainmentPct === null ? '' : a.attainmentPct < 80 ? ' danger-text' : a.attainmentPct < 95 ? ' warn-text' : '');

export function ResponseTimesTable({ report, filter }: { report: ResponseTimesReport; filter: ReportFilter }) {
  const { t } = useI18n();
  const row = (label: string, s: TimingSummary) => (
    <tr><th scope="row">{label}</th><td class="num">{s.count}</td><td class="num">{dur(s.medianSec)}</td><td class="num">{dur(s.p90Sec)}</td></tr>
  );
  return (
    <section class="card" aria-labelledby="rep-times" data-testid="report-times">
      <div class="card-head">
        <h2 class="card-title" id="rep-times">{t('rep.times')}</h2>
        <CsvButton name="response-times" filter={filter} label={t('rep.times')} />
      </div>
      <p class="muted small">{t('rep.timesNote', { n: report.conversations })}</p>
      <table class="table">
        <thead><tr><th scope="col">{t('rep.metric')}</th><th scope="col" class="num">{t('rep.count')}</th><th scope="col" class="num">{t('rep.median')}</th><th scope="col" class="num">{t('rep.p90')}</th></tr></thead>
        <tbody>
          {row(t('rep.firstResponse'), report.firstResponse)}
          {row(t('rep.resolution'), report.resolution)}
        </tbody>
      </table>
    </section>
  );
}

export function SlaTable({ report, filter }: { report: SlaReport; filter: ReportFilter }) {
  const { t } = useI18n();
  const rows = [{ key: 'all', name: t('rep.allTeams'), firstResponse: report.firstResponse, resolution: report.resolution }, ...report.byTeam.map((r) => ({ key: r.teamId ?? 'none', name: r.team ?? t('rep.noTeam'), firstResponse: r.firstResponse, resolution: r.resolution }))];
  return (
    <section class="card" aria-labelledby="rep-sla" data-testid="report-sla">
      <div class="card-head">
        <h2 class="card-title" id="rep-sla">{t('rep.sla')}</h2>
        <CsvButton name="sla" filter={filter} label={t('rep.sla')} />
      </div>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('sup.team')}</th>
              <th scope="col" class="num">{t('rep.frMet')}</th>
              <th scope="col" class="num">{t('rep.frPct')}</th>
              <th scope="col" class="num">{t('rep.resMet')}</th>
              <th scope="col" class="num">{t('rep.resPct')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key} class={i === 0 ? 'total-row' : ''}>
                <th scope="row">{r.name}</th>
                <td class="num">{r.firstResponse.met} / {r.firstResponse.due}</td>
                <td class={`num${tone(r.firstResponse)}`}>{pct(r.firstResponse)}</td>
                <td class="num">{r.resolution.met} / {r.resolution.due}</td>
                <td class={`num${tone(r.resolution)}`}>{pct(r.resolution)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function AgentsTable({ report, filter }: { report: AgentsReport; filter: ReportFilter }) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby="rep-agents" data-testid="report-agents">
      <div class="card-head">
        <h2 class="card-title" id="rep-agents">{t('rep.agents')}</h2>
        <CsvButton name="agents" filter={filter} label={t('rep.agents')} />
      </div>
      {report.agents.length === 0 ? <p class="muted">{t('rep.noData')}</p> : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('rep.agent')}</th>
                <th scope="col" class="num">{t('rep.conversations')}</th>
                <th scope="col" class="num">{t('rep.resolved')}</th>
                <th scope="col" class="num">{t('rep.medianFirst')}</th>
                <th scope="col" class="num">{t('rep.medianResolution')}</th>
                <th scope="col" class="num">{t('rep.csatAvg')}</th>
              </tr>
            </thead>
            <tbody>
              {report.agents.map((a) => (
                <tr key={a.agentId}>
                  <th scope="row"><span title={a.email}>{a.name}</span></th>
                  <td class="num">{a.conversations}</td>
                  <td class="num">{a.resolved}</td>
                  <td class="num">{dur(a.medianFirstResponseSec)}</td>
                  <td class="num">{dur(a.medianResolutionSec)}</td>
                  <td class="num">{a.csatAverage === null ? '—' : `${a.csatAverage.toFixed(2)} (${a.csatResponses})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
