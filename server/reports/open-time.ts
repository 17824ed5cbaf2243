// Seconds between two instants that fall inside a team's business hours. Pure: no I/O, no clock.
// The zone offset is looked up once per UTC hour (Intl is slow; offsets change on the hour), so a
// report over 100,000 conversations does arithmetic, not 100,000s of Intl calls.
import { minutes, type BusinessHours } from '../routing/hours.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const offsets = new Map<string, number>();
const formatters = new Map<string, Intl.DateTimeFormat>();
const parsed = new WeakMap<BusinessHours, [number, number][][]>();

/** Milliseconds to add to a UTC instant to get wall-clock time in `tz` at that instant. */
export function zoneOffsetMs(tz: string, at: number): number {
  const bucket = Math.floor(at / HOUR);
  const key = `${tz}|${bucket}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  let fmt = formatters.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, fmt);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(bucket * HOUR))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  const offset = wall - bucket * HOUR;
  if (offsets.size > 200_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** Open intervals per weekday (0 = Sunday) in milliseconds after local midnight, sorted. */
function intervals(hours: BusinessHours): [number, number][][] {
  let hit = parsed.get(hours);
  if (!hit) {
    hit = [0, 1, 2, 3, 4, 5, 6].map((d) => (hours.days[String(d)] ?? []).map(([f, t]) => [minutes(f) * 60_000, minutes(t) * 60_000] as [number, number]).sort((a, b) => a[0] - b[0]));
    parsed.set(hours, hit);
  }
  return hit;
}

/** Seconds from `start` to `end` (epoch ms) while the team is open: openMs / 1000. */
export function openSeconds(start: number, end: number, hours: BusinessHours | null): number {
  return openMs(start, end, hours) / 1000;
}

/**
 * Milliseconds from `start` to `end` (epoch ms) counted only while the team is open; with no hours
 * (null) every millisecond counts. Negative spans count as 0. A DST switch is applied per local day.
 * Whole-millisecond inputs give a whole number, so it stores exactly in a database float.
 */
export function openMs(start: number, end: number, hours: BusinessHours | null): number {
  if (!(end > start)) return 0;
  if (!hours) return end - start;
  const week = intervals(hours);
  let open = 0;
  let t = start;
  while (t < end) {
    const offset = zoneOffsetMs(hours.tz, t);
    const local = t + offset;
    const midnight = Math.floor(local / DAY) * DAY;
    const stop = Math.min(local + (end - t), midnight + DAY);
    for (const [from, to] of week[new Date(midnight).getUTCDay()]!) {
      const a = Math.max(local, midnight + from);
      const b = Math.min(stop, midnight + to);
      if (b > a) open += b - a;
    }
    t += stop - local;
  }
  return open;
}
