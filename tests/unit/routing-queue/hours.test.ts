// Business hours: open/closed in the team's own zone (DST included), the next opening, the
// customer's notice in en/zh, and malformed or overlapping intervals rejected naming the field.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { parse } from '../../../server/http/validate.js';
import { closedNotice } from '../../../server/routing/closed-notice.js';
import { businessHoursSchema, isOpen, localTime, nextOpening, type BusinessHours } from '../../../server/routing/hours.js';

const weekdays = (tz: string, from = '09:00', to = '17:00'): BusinessHours => ({ tz, days: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [[from, to]]])) as BusinessHours['days'] });
const at = (iso: string) => Date.parse(iso);

function fieldOf(value: unknown): string | undefined {
  try {
    parse(businessHoursSchema, value);
  } catch (err) {
    if (err instanceof AppError) return err.field;
    throw err;
  }
  return 'accepted';
}

describe('local time', () => {
  it('reads weekday and minute in the zone (2026-03-02 is a Monday)', () => {
    expect(localTime(at('2026-03-02T08:30:00Z'), 'Europe/Berlin')).toEqual({ day: 1, minute: 9 * 60 + 30 });
    expect(localTime(at('2026-03-02T23:30:00Z'), 'Asia/Shanghai')).toEqual({ day: 2, minute: 7 * 60 + 30 });
    expect(localTime(at('2026-03-02T03:00:00Z'), 'America/New_York')).toEqual({ day: 0, minute: 22 * 60 });
  });
});

describe('isOpen', () => {
  it('null hours means always open', () => {
    expect(isOpen(null, at('2026-03-01T03:00:00Z'))).toBe(true);
  });

  it('is open inside an interval and closed outside, in the team zone', () => {
    const berlin = weekdays('Europe/Berlin');
    expect(isOpen(berlin, at('2026-03-02T08:30:00Z'))).toBe(true); // Mon 09:30 CET
    expect(isOpen(berlin, at('2026-03-02T07:59:00Z'))).toBe(false); // Mon 08:59
    expect(isOpen(berlin, at('2026-03-02T16:00:00Z'))).toBe(false); // Mon 17:00: the end is exclusive
    expect(isOpen(berlin, at('2026-03-07T10:00:00Z'))).toBe(false); // Saturday
  });

  it('the same instant is open in one zone and closed in another', () => {
    const instant = at('2026-03-02T14:30:00Z');
    expect(isOpen(weekdays('America/New_York'), instant)).toBe(true); // 09:30 EST
    expect(isOpen(weekdays('Europe/Berlin'), instant)).toBe(true); // 15:30 CET
    expect(isOpen(weekdays('Asia/Shanghai'), instant)).toBe(false); // 22:30 CST
  });

  it('follows daylight saving time (no fixed offsets)', () => {
    const berlin = weekdays('Europe/Berlin');
    expect(isOpen(berlin, at('2026-07-06T07:30:00Z'))).toBe(true); // 09:30 CEST, would be 08:30 at +01:00
    expect(isOpen(berlin, at('2026-01-05T07:30:00Z'))).toBe(false); // 08:30 CET
  });

  it('allows a day split in two and an interval ending at 24:00', () => {
    const h: BusinessHours = { tz: 'UTC', days: { '1': [['08:00', '12:00'], ['13:00', '24:00']] } };
    expect(isOpen(h, at('2026-03-02T12:30:00Z'))).toBe(false);
    expect(isOpen(h, at('2026-03-02T23:59:00Z'))).toBe(true);
  });
});

describe('nextOpening and the notice', () => {
  const berlin = weekdays('Europe/Berlin');

  it('is later today before opening, and Monday after Friday closing', () => {
    expect(nextOpening(berlin, at('2026-03-02T06:00:00Z'))).toEqual({ inDays: 0, day: 1, time: '09:00' });
    expect(nextOpening(berlin, at('2026-03-06T17:30:00Z'))).toEqual({ inDays: 3, day: 1, time: '09:00' });
    expect(nextOpening(berlin, at('2026-03-02T09:00:00Z'))).toBeNull(); // open now
  });

  it('tells the customer when the team is back, in English and Chinese', () => {
    const opening = nextOpening(berlin, at('2026-03-06T17:30:00Z'));
    expect(closedNotice('Sales', 'Europe/Berlin', opening, 'en')).toBe("We're closed now; Sales is back Monday 09:00 (Europe/Berlin).");
    expect(closedNotice('Sales', 'Europe/Berlin', opening, 'zh')).toBe('我们现在不在服务时间；Sales将于周一 09:00（Europe/Berlin）恢复服务。');
    expect(closedNotice('Sales', 'Europe/Berlin', nextOpening(berlin, at('2026-03-02T06:00:00Z')), 'en')).toBe("We're closed now; Sales is back today at 09:00 (Europe/Berlin).");
  });
});

describe('validation', () => {
  it('accepts well-formed hours, including touching intervals', () => {
    expect(fieldOf({ tz: 'Europe/Berlin', days: { '1': [['09:00', '12:00'], ['12:00', '17:00']], '6': [] } })).toBe('accepted');
  });

  it('rejects overlapping intervals naming the interval', () => {
    expect(fieldOf({ tz: 'UTC', days: { '1': [['09:00', '12:00'], ['11:00', '17:00']] } })).toBe('days.1.1');
    expect(fieldOf({ tz: 'UTC', days: { '3': [['13:00', '18:00'], ['09:00', '14:00']] } })).toBe('days.3.0');
  });

  it('rejects malformed times, reversed intervals, unknown days and zones', () => {
    expect(fieldOf({ tz: 'UTC', days: { '1': [['9:00', '17:00']] } })).toBe('days.1.0.0');
    expect(fieldOf({ tz: 'UTC', days: { '1': [['09:00', '25:00']] } })).toBe('days.1.0.1');
    expect(fieldOf({ tz: 'UTC', days: { '1': [['17:00', '09:00']] } })).toBe('days.1.0');
    expect(fieldOf({ tz: 'UTC', days: { '7': [['09:00', '17:00']] } })).toMatch(/^days/);
    expect(fieldOf({ tz: 'Mars/Olympus', days: {} })).toBe('tz');
    expect(fieldOf({ tz: 'UTC', days: {}, extra: 1 })).toBe(undefined);
  });
});
