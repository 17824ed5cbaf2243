// The business-hours form must never drop intervals it does not show.
import { describe, expect, it } from 'vitest';
import { hoursOf, rowsOf } from '../../../agent-console/src/components/admin/hours.js';

describe('business hours form rows', () => {
  it('keeps a day\'s second interval when the first is edited and saved', () => {
    const rows = rowsOf({ tz: 'Europe/Berlin', days: { '1': [['09:00', '12:00'], ['13:00', '17:00']], '2': [['10:00', '16:00']] } });
    rows['1'] = { ...rows['1']!, start: '08:30' };
    expect(hoursOf(' Europe/Berlin ', rows)).toEqual({ tz: 'Europe/Berlin', days: { '1': [['08:30', '12:00'], ['13:00', '17:00']], '2': [['10:00', '16:00']] } });
  });

  it('closing a day removes all of its intervals; days without hours stay closed', () => {
    const rows = rowsOf({ tz: 'UTC', days: { '1': [['09:00', '12:00'], ['13:00', '17:00']] } });
    rows['1'] = { ...rows['1']!, open: false };
    expect(hoursOf('UTC', rows)).toEqual({ tz: 'UTC', days: {} });
    expect(rowsOf(null)['3']).toEqual({ open: false, start: '09:00', end: '17:00', more: [] });
  });
});
