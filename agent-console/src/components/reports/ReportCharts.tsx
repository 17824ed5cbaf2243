// The chart cards: conversations over time (line) with per-channel totals, and CSAT scores 1-5 (bars).
import { useI18n } from '../../context.js';
import type { CsatReport, ReportFilter, VolumeReport } from '../../types-ops.js';
import { BarChart } from '../BarChart.js';
import { CsvButton } from './CsvButton.js';
import { LineChart, type Point } from './LineChart.js';

function bucketLabel(bucket: string, interval: string, lang: string): string {
  // Buckets are UTC: "2025-01-31" (day, week) or "2025-01-31T09" (hour).
  const d = new Date(/^\d{4}-\d{2}-\d{2}T\d{2}$/.test(bucket) ? `${bucket}:00:00Z` : `${bucket.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return bucket;
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  return interval === 'hour'
    ? d.toLocaleString(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', timeZone: 'UTC' })
    : d.toLocaleDateString(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

const DAY = 86_400_000;

/** Day and week buckets with no conversations are filled with 0, so the time axis is even. */
function emptyBuckets(report: VolumeReport): string[] {
  if (report.interval === 'hour') return [];
  const step = report.interval === 'week' ? 7 * DAY : DAY;
  const start = new Date(report.from);
  if (report.interval === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const out: string[] = [];
  for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t < Date.parse(report.to) && out.length < 500; t += step) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

export function volumePoints(report: VolumeReport, lang: string): Point[] {
  const by = new Map<string, number>();
  if (report.series.length) for (const b of emptyBuckets(report)) by.set(b, 0);
  for (const s of report.series) by.set(s.bucket, (by.get(s.bucket) ?? 0) + s.conversations);
  return [...by.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([bucket, value]) => ({ label: bucketLabel(bucket, report.interval, lang), value }));
}

export function VolumeCard({ report, filter }: { report: VolumeReport; filter: ReportFilter }) {
  const { t, lang } = useI18n();
  const points = volumePoints(report, lang);
  const channels = Object.entries(report.totals.byChannel).sort((a, b) => b[1] - a[1]);
  const channelName = (c: string) => (['webchat', 'email', 'sms', 'whatsapp', 'voice', 'slack'].includes(c) ? t(`channel.${c as 'email'}`) : c);
  return (
    <section class="card" aria-labelledby="rep-volume" data-testid="report-volume">
      <div class="card-head">
        <h2 class="card-title" id="rep-volume">{t('rep.volume')}</h2>
        <CsvButton name="volume" filter={filter} label={t('rep.volume')} />
      </div>
      {points.length ? (
        <LineChart points={points} title={t('rep.volume')} description={points.map((p) => `${p.label}: ${p.value}`).join(', ')} />
      ) : <p class="muted">{t('rep.noData')}</p>}
      {channels.length > 0 && (
        <>
          <h3 class="sub-title">{t('rep.byChannel')}</h3>
          <BarChart title={t('rep.byChannel')} description={channels.map(([c, n]) => `${channelName(c)}: ${n}`).join(', ')}
            bars={channels.map(([c, n]) => ({ label: channelName(c), value: n }))} />
        </>
      )}
    </section>
  );
}

export function CsatCard({ report, filter }: { report: CsatReport; filter: ReportFilter }) {
  const { t } = useI18n();
  const scores = ['5', '4', '3', '2', '1'] as const;
  const bars = scores.map((s) => ({ label: t('rep.score', { n: s }), value: report.distribution[s], tone: s <= '2' ? ('danger' as const) : s === '3' ? ('warn' as const) : ('normal' as const) }));
  return (
    <section class="card" aria-labelledby="rep-csat" data-testid="report-csat">
      <div class="card-head">
        <h2 class="card-title" id="rep-csat">{t('rep.csat')}</h2>
        <CsvButton name="csat" filter={filter} label={t('rep.csat')} />
      </div>
      <p class="muted small">{t('rep.csatSummary', { n: report.responses, avg: report.average === null ? '—' : report.average.toFixed(2) })}</p>
      <BarChart title={t('rep.csat')} description={bars.map((b) => `${b.label}: ${b.value}`).join(', ')} bars={bars} />
    </section>
  );
}
