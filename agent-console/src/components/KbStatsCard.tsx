// Supervisors' view of how the knowledge base is doing: views, votes, agent usage and deflections.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n } from '../context.js';
import type { KbStats } from '../types.js';

export function KbStatsCard({ reloadKey }: { reloadKey: number }) {
  const { t } = useI18n();
  const [stats, setStats] = useState<KbStats | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.kbStats().then((s) => !cancelled && setStats(s)).catch(() => undefined);
    return () => { cancelled = true; };
  }, [reloadKey]);

  if (!stats) return null;
  const { totals } = stats;
  const votes = totals.helpful + totals.notHelpful;
  const kpi = (value: string | number, label: string, title?: string) => (
    <div class="kpi" title={title}><span class="kpi-value">{value}</span><span class="kpi-label">{label}</span></div>
  );
  return (
    <section class="kb-stats" aria-label={t('kbs.title')} data-testid="kb-stats">
      <div class="kpis kpis-5">
        {kpi(stats.articles.published, t('kbs.published'))}
        {kpi(totals.views, t('kbs.views'))}
        {kpi(votes ? `${Math.round((100 * totals.helpful) / votes)}%` : '—', t('kbs.helpfulRate', { n: votes }))}
        {kpi(totals.usage, t('kbs.usage'))}
        {kpi(totals.deflections, t('kbs.deflections'), t('kbs.deflectionsHint'))}
      </div>
    </section>
  );
}
