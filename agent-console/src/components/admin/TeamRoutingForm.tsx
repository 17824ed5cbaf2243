// One team's routing: fallback team, overflow after N seconds, and business hours per weekday.
import { useState } from 'preact/hooks';
import { opsApi } from '../../api-ops.js';
import { useI18n, useSession } from '../../context.js';
import type { BusinessHours, TeamRouting } from '../../types-ops.js';
import { useFieldSave } from './useFieldSave.js';
import { DAYS, hoursOf, rowsOf, type DayRow } from './hours.js';

export function TeamRoutingForm({ team, onSaved }: { team: TeamRouting; onSaved: (t: TeamRouting) => void }) {
  const { t } = useI18n();
  const { teams } = useSession();
  const [fallback, setFallback] = useState(team.fallbackTeamId ?? '');
  const [overflow, setOverflow] = useState(team.overflowAfterSec === null ? '' : String(team.overflowAfterSec));
  const [always, setAlways] = useState(team.businessHours === null);
  const [tz, setTz] = useState(team.businessHours?.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC');
  const [days, setDays] = useState(() => rowsOf(team.businessHours));
  const { busy, run, errorFor, error } = useFieldSave();
  const setDay = (d: string, patch: Partial<DayRow>) => setDays((cur) => ({ ...cur, [d]: { ...cur[d]!, ...patch } }));

  function submit(e: Event) {
    e.preventDefault();
    const hours: BusinessHours | null = always ? null : hoursOf(tz, days);
    void run(async () => {
      onSaved(await opsApi.saveTeamRouting(team.id, { fallbackTeamId: fallback || null, overflowAfterSec: overflow === '' ? null : Number(overflow), businessHours: hours }));
    }, t('rt.saved', { name: team.name }));
  }

  const pre = `rt-${team.id}`;
  const hoursErr = errorFor('businessHours');
  const known = ['fallbackTeamId', 'overflowAfterSec', 'businessHours'];
  return (
    <form class="team-routing" onSubmit={submit} aria-labelledby={`${pre}-title`} data-testid="team-routing" data-team-id={team.id}>
      <h3 class="sub-title" id={`${pre}-title`}>{team.name} <code>{team.key}</code></h3>
      <div class="field-row">
        <label class="field"><span>{t('rt.fallback')}</span>
          <select value={fallback} onChange={(e) => setFallback(e.currentTarget.value)} aria-invalid={errorFor('fallbackTeamId') ? 'true' : undefined}>
            <option value="">{t('rt.noFallback')}</option>
            {teams.filter((x) => x.id !== team.id).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
          {errorFor('fallbackTeamId') && <small class="field-error" role="alert">{errorFor('fallbackTeamId')}</small>}</label>
        <label class="field"><span>{t('rt.overflowAfter')}</span>
          <input type="number" min={1} step={1} value={overflow} placeholder={t('rt.never')} data-field="overflowAfterSec"
            aria-invalid={errorFor('overflowAfterSec') ? 'true' : undefined} onInput={(e) => setOverflow(e.currentTarget.value)} />
          {errorFor('overflowAfterSec') && <small class="field-error" role="alert">{errorFor('overflowAfterSec')}</small>}</label>
      </div>
      <fieldset class="hours">
        <legend>{t('rt.hours')}</legend>
        <label class="check"><input type="checkbox" checked={always} onChange={(e) => setAlways(e.currentTarget.checked)} /> {t('rt.alwaysOpen')}</label>
        {!always && (
          <>
            <label class="field tz-field"><span>{t('rt.tz')}</span>
              <input value={tz} required onInput={(e) => setTz(e.currentTarget.value)} placeholder="Europe/Berlin" aria-invalid={errorFor('businessHours.tz') ? 'true' : undefined} /></label>
            <div class="days-grid" role="group" aria-label={t('rt.hours')}>
              {DAYS.map((d) => (
                <div key={d} class="day-row">
                  <label class="check"><input type="checkbox" checked={days[d]!.open} onChange={(e) => setDay(d, { open: e.currentTarget.checked })} /> {t(`day.${d}`)}</label>
                  <input type="time" aria-label={`${t(`day.${d}`)} ${t('rt.start')}`} value={days[d]!.start} disabled={!days[d]!.open}
                    onInput={(e) => setDay(d, { start: e.currentTarget.value })} />
                  <span aria-hidden="true">–</span>
                  <input type="time" aria-label={`${t(`day.${d}`)} ${t('rt.end')}`} value={days[d]!.end} disabled={!days[d]!.open}
                    onInput={(e) => setDay(d, { end: e.currentTarget.value })} />
                  {days[d]!.open && days[d]!.more.length > 0 && <span class="hint">+ {days[d]!.more.map(([a, b]) => `${a}–${b}`).join(', ')}</span>}
                </div>
              ))}
            </div>
          </>
        )}
        {hoursErr && <small class="field-error" role="alert">{hoursErr}</small>}
      </fieldset>
      {error && !known.some((k) => errorFor(k)) && <p class="form-error" role="alert">{error.text}</p>}
      <button type="submit" class="btn primary small" disabled={busy}>{t('rt.saveTeam')}</button>
    </form>
  );
}
