// The reports' filters: date range, team and interval. Applied with the button (or Enter).
import { useState } from 'preact/hooks';
import { useI18n, useSession } from '../../context.js';
import type { Interval, ReportFilter } from '../../types-ops.js';

export function defaultFilter(now = new Date()): ReportFilter {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from, to, teamId: '', interval: 'day' };
}

export function ReportFilters({ value, onApply, busy }: { value: ReportFilter; onApply: (f: ReportFilter) => void; busy: boolean }) {
  const { t } = useI18n();
  const { teams } = useSession();
  const [f, setF] = useState(value);
  const set = <K extends keyof ReportFilter>(k: K, v: ReportFilter[K]) => setF((cur) => ({ ...cur, [k]: v }));
  return (
    <form class="card report-filters" aria-label={t('rep.filters')} onSubmit={(e) => { e.preventDefault(); onApply(f); }}>
      <label class="mini-field">{t('rep.from')}
        <input type="date" data-testid="report-from" value={f.from} max={f.to || undefined} onInput={(e) => set('from', e.currentTarget.value)} /></label>
      <label class="mini-field">{t('rep.to')}
        <input type="date" data-testid="report-to" value={f.to} min={f.from || undefined} onInput={(e) => set('to', e.currentTarget.value)} /></label>
      <label class="mini-field">{t('rep.team')}
        <select data-testid="report-team" value={f.teamId} onChange={(e) => set('teamId', e.currentTarget.value)}>
          <option value="">{t('rep.allTeams')}</option>
          {teams.map((tm) => <option key={tm.id} value={tm.id}>{tm.name}</option>)}
        </select></label>
      <label class="mini-field">{t('rep.interval')}
        <select value={f.interval} onChange={(e) => set('interval', e.currentTarget.value as Interval)}>
          <option value="hour">{t('rep.hour')}</option>
          <option value="day">{t('rep.day')}</option>
          <option value="week">{t('rep.week')}</option>
        </select></label>
      <button type="submit" class="btn primary" data-testid="report-apply" disabled={busy}>{t('rep.apply')}</button>
    </form>
  );
}
