// Business hours per team: {"tz":"Europe/Berlin","days":{"1":[["09:00","17:00"]],...}}, days
// 0-6 = Sunday-Saturday in the team's zone; null = always open. Local time comes from
// Intl.DateTimeFormat with timeZone (no date library); intervals never cross midnight.
import { z } from 'zod';

export interface BusinessHours {
  tz: string;
  days: Partial<Record<string, [string, string][]>>;
}

const DAY_KEYS = ['0', '1', '2', '3', '4', '5', '6'] as const;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "09:30" -> 570; "24:00" is allowed as an end (end of day). */
export function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const time = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:MM between 00:00 and 24:00');
const interval = z.tuple([time, time]).refine(([from, to]) => minutes(from) < minutes(to), 'must end after it starts (an interval cannot cross midnight)');

export const businessHoursSchema = z
  .object({
    tz: z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    days: z.partialRecord(z.enum(DAY_KEYS, 'must be a day 0-6 (0 = Sunday)'), z.array(interval).max(12, 'at most 12 intervals a day')),
  })
  .strict()
  .superRefine((hours, ctx) => {
    for (const [day, list] of Object.entries(hours.days)) {
      const sorted = (list ?? []).map((iv, i) => ({ i, from: minutes(iv[0]), to: minutes(iv[1]) })).sort((a, b) => a.from - b.from);
      for (let k = 1; k < sorted.length; k++) {
        // Touching intervals (12:00-13:00 then 13:00-17:00) are fine; overlapping ones are a mistake.
        if (sorted[k]!.from < sorted[k - 1]!.to) {
          ctx.addIssue({ code: 'custom', path: ['days', day, sorted[k]!.i], message: `overlaps another interval on day ${day}` });
          return;
        }
      }
    }
  });

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday (0 = Sunday) and minute of the day at `at` in zone `tz`. */
export function localTime(at: number, tz: string): { day: number; minute: number } {
  let fmt = formatters.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(tz, fmt);
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const p of fmt.formatToParts(new Date(at))) {
    if (p.type === 'weekday') day = WEEKDAYS.indexOf(p.value);
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return { day, minute: hour * 60 + minute };
}

function intervalsOf(hours: BusinessHours, day: number): [number, number][] {
  return (hours.days[String(day)] ?? []).map(([f, t]) => [minutes(f), minutes(t)] as [number, number]).sort((a, b) => a[0] - b[0]);
}

export function isOpen(hours: BusinessHours | null | undefined, at: number): boolean {
  if (!hours) return true;
  const { day, minute } = localTime(at, hours.tz);
  return intervalsOf(hours, day).some(([from, to]) => from <= minute && minute < to);
}

export interface Opening {
  /** 0 = later today, 1 = tomorrow, ... 7 = same weekday next week. */
  inDays: number;
  /** Weekday 0-6 (0 = Sunday) in the team's zone. */
  day: number;
  /** "09:00". */
  time: string;
}

/** When the team opens next (null when open now or when it has no hours at all). */
export function nextOpening(hours: BusinessHours | null | undefined, at: number): Opening | null {
  if (!hours || isOpen(hours, at)) return null;
  const now = localTime(at, hours.tz);
  for (let inDays = 0; inDays <= 7; inDays++) {
    const day = (now.day + inDays) % 7;
    const start = intervalsOf(hours, day).find(([from]) => inDays > 0 || from > now.minute);
    if (start) return { inDays, day, time: `${String(Math.floor(start[0] / 60)).padStart(2, '0')}:${String(start[0] % 60).padStart(2, '0')}` };
  }
  return null;
}

/** The instant the team next opens (ms, on a whole minute), null when open now or without hours. */
export function nextOpeningAt(hours: BusinessHours | null | undefined, at: number): number | null {
  const opening = hours ? nextOpening(hours, at) : null;
  if (!hours || !opening) return null;
  const now = localTime(at, hours.tz);
  const target = opening.day * 1440 + minutes(opening.time);
  let t = Math.floor(at / 60_000) * 60_000 + (opening.inDays * 1440 + minutes(opening.time) - now.minute) * 60_000;
  // A DST change in between shifts the wall clock: correct by what the zone says at the guess.
  for (let i = 0; i < 3; i++) {
    const l = localTime(t, hours.tz);
    // Minutes from the guess to the opening within the week, in (-3.5 days, 3.5 days].
    const delta = ((((target - (l.day * 1440 + l.minute)) % 10080) + 10080 + 5040) % 10080) - 5040;
    if (delta === 0) break;
    t += delta * 60_000;
  }
  return t;
}

/** Reads a stored Team.businessHours value; anything malformed counts as "always open". */
export function readHours(value: unknown): BusinessHours | null {
  const parsed = businessHoursSchema.safeParse(value);
  return parsed.success ? (parsed.data as BusinessHours) : null;
}
