// nextOpeningAt: the instant a team opens next, exact to the minute, across DST changes.
import { describe, expect, it } from 'vitest';
import { nextOpeningAt, readHours } from '../../../server/routing/hours.js';

const berlin = readHours({ tz: 'Europe/Berlin', days: { '1': [['09:00', '17:00']] } });
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('nextOpeningAt', () => {
  it('is null while open and without hours', () => {
    expect(nextOpeningAt(berlin, Date.parse('2026-03-30T08:00:00Z'))).toBeNull();
    expect(nextOpeningAt(null, Date.now())).toBeNull();
  });
  it('finds the opening across the spring and autumn DST switches', () => {
    expect(iso(nextOpeningAt(berlin, Date.parse('2026-03-28T12:00:00Z')))).toBe('2026-03-30T07:00:00.000Z');
    expect(iso(nextOpeningAt(berlin, Date.parse('2026-10-24T12:00:00Z')))).toBe('2026-10-26T08:00:00.000Z');
  });
  it('finds a one-minute window later the same day and a week ahead', () => {
    const h = readHours({ tz: 'UTC', days: { '5': [['10:00', '10:01']] } });
    expect(iso(nextOpeningAt(h, Date.parse('2026-12-04T09:59:30Z')))).toBe('2026-12-04T10:00:00.000Z');
    expect(iso(nextOpeningAt(h, Date.parse('2026-12-04T10:01:00Z')))).toBe('2026-12-11T10:00:00.000Z');
  });
});
