// Mine / unassigned / all, plus team, status, channel and the search box (`/` focuses it).
import { useI18n, useSession } from '../context.js';
import { CHANNELS, STATUSES, type ListFilters, type ListScope } from '../types.js';

interface Props {
  filters: ListFilters;
  onChange: (f: ListFilters) => void;
  text: string;
  onText: (s: string) => void;
  /** Keys the search box hands to the results first (arrows, Enter); true when used. */
  onKey?: (e: KeyboardEvent) => boolean;
  /** The active result's element id, while results are shown. */
  activeId?: string;
}

export function ListFiltersBar({ filters, onChange, text, onText, onKey, activeId }: Props) {
  const { t } = useI18n();
  const { teams } = useSession();
  const scopes: { scope: ListScope; label: string }[] = [
    { scope: 'mine', label: t('filter.mine') },
    { scope: 'unassigned', label: t('filter.unassigned') },
    { scope: 'all', label: t('filter.all') },
  ];
  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });
  return (
    <div class="filters">
      <div class="segmented" role="group" aria-label={t('filter.scope')}>
        {scopes.map((s) => (
          <button key={s.scope} type="button" data-testid={`filter-${s.scope}`} aria-pressed={filters.scope === s.scope}
            class={filters.scope === s.scope ? 'on' : ''} onClick={() => set({ scope: s.scope })}>
            {s.label}
          </button>
        ))}
      </div>
      <div class="filter-row">
        <label class="mini-field">
          <span>{t('filter.team')}</span>
          <select value={filters.teamId} onChange={(e) => set({ teamId: e.currentTarget.value })}>
            <option value="">{t('filter.anyTeam')}</option>
            {teams.map((tm) => <option key={tm.id} value={tm.id}>{tm.name}</option>)}
          </select>
        </label>
        <label class="mini-field">
          <span>{t('filter.status')}</span>
          <select value={filters.status} onChange={(e) => set({ status: e.currentTarget.value as ListFilters['status'] })}>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
            <option value="all">{t('filter.anyStatus')}</option>
          </select>
        </label>
        <label class="mini-field">
          <span>{t('filter.channel')}</span>
          <select value={filters.channel} onChange={(e) => set({ channel: e.currentTarget.value as ListFilters['channel'] })}>
            <option value="">{t('filter.anyChannel')}</option>
            {CHANNELS.map((c) => <option key={c} value={c}>{t(`channel.${c}`)}</option>)}
          </select>
        </label>
      </div>
      <label class="search">
        <span class="sr-only">{t('search.label')}</span>
        <input type="search" data-shortcut="search" data-testid="search-input" placeholder={t('search.placeholder')} value={text}
          aria-controls="search-results" aria-activedescendant={activeId}
          onInput={(e) => onText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (onKey?.(e)) e.preventDefault();
            else if (e.key === 'Escape' && text) { e.preventDefault(); onText(''); }
          }} />
      </label>
    </div>
  );
}
