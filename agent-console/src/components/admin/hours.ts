// Business hours <-> the form's rows. The form edits each day's first interval; any further
// intervals (set through the API) are carried along untouched, so saving never drops them.
import type { BusinessHours } from '../../types-ops.js';

export const DAYS = ['1', '2', '3', '4', '5', '6', '0'] as const;
export type Interval = [string, string];
export type DayRow = { open: boolean; start: string; end: string; more: Interval[] };

export function rowsOf(h: BusinessHours | null): Record<string, DayRow> {
  const out: Record<string, DayRow> = {};
  for (const d of DAYS) {
    const [first, ...more] = (h?.days[d] ?? []) as Interval[];
    out[d] = first ? { open: true, start: first[0], end: first[1], more } : { open: false, start: '09:00', end: '17:00', more: [] };
  }
  return out;
}

/** Closing a day drops all of its intervals: that is what the unchecked box says. */
export function hoursOf(tz: string, rows: Record<string, DayRow>): BusinessHours {
  return {
    tz: tz.trim(),
    days: Object.fromEntries(DAYS.filter((d) => rows[d]!.open).map((d) => [d, [[rows[d]!.start, rows[d]!.end] as Interval, ...rows[d]!.more]])),
  };
}
