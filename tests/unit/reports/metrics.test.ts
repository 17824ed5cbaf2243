// Metric definitions: order statistics, first response, business-hours time, CSV safety, filters.
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../server/reports/csv.js';
import { firstResponseAt } from '../../../server/reports/first-response.js';
import { openSeconds, zoneOffsetMs } from '../../../server/reports/open-time.js';
import { parseReportQuery } from '../../../server/reports/query.js';
import { median, percentile, summarize } from '../../../server/reports/stats.js';
import { AppError } from '../../../server/errors.js';

const at = (iso: string) => new Date(iso);
const H = 3600;

describe('median and p90', () => {
  it('uses the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('p90 is nearest-rank', () => {
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile([7], 90)).toBe(7);
    expect(summarize([1.4, 2.6])).toEqual({ count: 2, medianSec: 2, p90Sec: 3 });
  });
});

describe('first response', () => {
  const base = { direction: 'out', private: false };
  it('is the first public agent message: notes, bot, system and customer messages do not count', () => {
    const msgs = [
      { ...base, authorKind: 'customer', direction: 'in', createdAt: at('2025-01-06T10:00:00Z') },
      { ...base, authorKind: 'bot', createdAt: at('2025-01-06T10:00:01Z') },
      { ...base, authorKind: 'system', createdAt: at('2025-01-06T10:00:02Z') },
      { ...base, authorKind: 'agent', private: true, createdAt: at('2025-01-06T10:01:00Z') },
      { ...base, authorKind: 'agent', createdAt: at('2025-01-06T10:05:00Z') },
      { ...base, authorKind: 'agent', createdAt: at('2025-01-06T10:09:00Z') },
    ];
    expect(firstResponseAt(msgs)).toEqual(at('2025-01-06T10:05:00Z'));
    expect(firstResponseAt(msgs.slice(0, 4))).toBeNull();
  });
});

describe('business hours', () => {
  const weekdays = { tz: 'UTC', days: { '1': [['09:00', '17:00']], '2': [['09:00', '17:00']], '3': [['09:00', '17:00']], '4': [['09:00', '17:00']], '5': [['09:00', '17:00']] } } as { tz: string; days: Record<string, [string, string][]> };
  const ms = (iso: string) => Date.parse(iso);

  it('counts every second when the team has no hours', () => {
    expect(openSeconds(ms('2025-01-04T10:00:00Z'), ms('2025-01-04T12:00:00Z'), null)).toBe(2 * H);
    expect(openSeconds(ms('2025-01-04T12:00:00Z'), ms('2025-01-04T10:00:00Z'), null)).toBe(0);
  });
  it('counts only open-hours seconds', () => {
    // Friday 16:00 -> Monday 10:00: one hour on Friday, one on Monday; the weekend is closed.
    expect(openSeconds(ms('2025-01-03T16:00:00Z'), ms('2025-01-06T10:00:00Z'), weekdays)).toBe(2 * H);
    // Arrived at night, answered 30 minutes after opening.
    expect(openSeconds(ms('2025-01-06T22:00:00Z'), ms('2025-01-07T09:30:00Z'), weekdays)).toBe(0.5 * H);
    // Entirely outside hours.
    expect(openSeconds(ms('2025-01-04T10:00:00Z'), ms('2025-01-05T10:00:00Z'), weekdays)).toBe(0);
    // A full week: five eight-hour days.
    expect(openSeconds(ms('2025-01-06T00:00:00Z'), ms('2025-01-13T00:00:00Z'), weekdays)).toBe(40 * H);
  });
  it('uses the team zone, split lunch breaks and daylight saving', () => {
    const berlin = { tz: 'Europe/Berlin', days: { '1': [['09:00', '12:00'], ['13:00', '17:00']] } } as { tz: string; days: Record<string, [string, string][]> };
    // Monday 2025-01-06 08:00-16:00 UTC = 09:00-17:00 Berlin (UTC+1): 7 open hours.
    expect(openSeconds(ms('2025-01-06T08:00:00Z'), ms('2025-01-06T16:00:00Z'), berlin)).toBe(7 * H);
    // In summer Berlin is UTC+2: 07:00 UTC is 09:00 local.
    expect(zoneOffsetMs('Europe/Berlin', ms('2025-07-07T07:00:00Z'))).toBe(2 * H * 1000);
    expect(openSeconds(ms('2025-07-07T07:00:00Z'), ms('2025-07-07T10:00:00Z'), berlin)).toBe(3 * H);
  });
});

describe('CSV export', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x'], [null, '=1']])).toBe("a,b\r\n1,x\r\n,'=1\r\n");
  });
});

describe('report filters', () => {
  const fail = (q: Record<string, string>) => {
    try {
      parseReportQuery(q);
    } catch (err) {
      return err as AppError;
    }
    throw new Error('expected a validation error');
  };
  it('defaults to the last 30 days and makes a date-only `to` inclusive', () => {
    const f = parseReportQuery({}, Date.parse('2025-02-01T00:00:00Z'));
    expect(f.from.toISOString()).toBe('2025-01-02T00:00:00.000Z');
    expect(parseReportQuery({ from: '2025-01-01', to: '2025-01-31' }).to.toISOString()).toBe('2025-02-01T00:00:00.000Z');
  });
  it('names the bad field', () => {
    expect(fail({ from: 'yesterday' })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
    expect(fail({ from: '2025-02-01', to: '2025-01-01' })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
    expect(fail({ teamId: 'a b' })).toMatchObject({ field: 'teamId' });
    expect(fail({ interval: 'year' })).toMatchObject({ field: 'interval' });
    expect(fail({ from: '2020-01-01', to: '2025-01-01' })).toMatchObject({ field: 'to' });
  });
});
