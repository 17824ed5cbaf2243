// UTC day arithmetic for roll-ups: reports bucket by UTC (docs/reports.md), so a roll-up day is a
// UTC calendar day, keyed by its "YYYY-MM-DD" text.
const DAY = 86_400_000;

export const dayKey = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00Z`);
export const nextDay = (day: string): string => dayKey(dayStart(day).getTime() + DAY);

/** A range cut into whole UTC days [fromDay, toDay) and the partial edges around them. */
export interface RangeSplit { fromDay: string; toDay: string; edges: { from: Date; to: Date }[] }

/** null when the range holds no whole day (then it is all edge). */
export function splitRange(from: Date, to: Date): RangeSplit | null {
  const first = Math.ceil(from.getTime() / DAY) * DAY;
  const last = Math.floor(to.getTime() / DAY) * DAY;
  if (first >= last) return null;
  const edges = [
    ...(from.getTime() < first ? [{ from, to: new Date(first) }] : []),
    ...(last < to.getTime() ? [{ from: new Date(last), to }] : []),
  ];
  return { fromDay: dayKey(first), toDay: dayKey(last), edges };
}
