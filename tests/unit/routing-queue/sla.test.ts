// SLA arithmetic: which timer breaches when, pausing shifts running timers only, and at-risk.
import { describe, expect, it } from 'vitest';
import { breachOf, initialDue, riskOf, shiftedDue, type SlaRow } from '../../../server/routing/sla.js';

const policy = { priority: 1, firstResponseSec: 3600, nextResponseSec: 1800, resolutionSec: 86_400 };
const T0 = Date.parse('2026-03-02T10:00:00Z');
const row = (over: Partial<SlaRow> = {}): SlaRow => ({ status: 'open', firstResponseAt: null, nextResponseDueAt: null, ...initialDue(policy, T0), ...over });

describe('SLA timers', () => {
  it('breaches the first response exactly at its due time', () => {
    expect(breachOf(row(), T0 + 3600_000 - 1)).toBeNull();
    expect(breachOf(row(), T0 + 3600_000)).toMatchObject({ timer: 'first_response' });
  });

  it('a first response stops that timer; the next response and resolution still run', () => {
    const answered = row({ firstResponseAt: new Date(T0 + 60_000), nextResponseDueAt: new Date(T0 + 7200_000) });
    expect(breachOf(answered, T0 + 3600_000 + 1)).toBeNull();
    expect(breachOf(answered, T0 + 7200_000)).toMatchObject({ timer: 'next_response' });
    expect(breachOf(row({ firstResponseAt: new Date(T0) }), T0 + 86_400_000)).toMatchObject({ timer: 'resolution' });
  });

  it('never breaches while pending (waiting on the customer) or once resolved', () => {
    expect(breachOf(row({ status: 'pending' }), T0 + 10 * 86_400_000)).toBeNull();
    expect(breachOf(row({ status: 'resolved' }), T0 + 10 * 86_400_000)).toBeNull();
  });

  it('a pause moves only the running timers later', () => {
    const answered = row({ firstResponseAt: new Date(T0 + 1), nextResponseDueAt: new Date(T0 + 1000) });
    const shifted = shiftedDue(answered, 5000);
    expect(shifted.firstResponseDueAt).toEqual(answered.firstResponseDueAt);
    expect(shifted.nextResponseDueAt).toEqual(new Date(T0 + 6000));
    expect(shifted.resolutionDueAt).toEqual(new Date(T0 + 86_400_000 + 5000));
    expect(shiftedDue(row(), 5000).firstResponseDueAt).toEqual(new Date(T0 + 3600_000 + 5000));
  });

  it('is at risk with less than 20% of the window left, not before and not after the breach', () => {
    expect(riskOf(row(), policy, T0 + 0.79 * 3600_000, 0.2)).toBeNull();
    expect(riskOf(row(), policy, T0 + 0.81 * 3600_000, 0.2)).toMatchObject({ timer: 'first_response', windowSec: 3600, remainingSec: 684 });
    expect(riskOf(row(), policy, T0 + 3600_000 + 1, 0.2)).toBeNull();
  });
});
