import { describe, expect, it } from 'vitest';
import { addRated, csatOutcome, MAX_RATED, parseRated } from '../../../widget/src/csat.js';

describe('rated conversations (localStorage list)', () => {
  it('parses a stored list and ignores anything malformed', () => {
    expect(parseRated(null)).toEqual([]);
    expect(parseRated('not json')).toEqual([]);
    expect(parseRated('{"a":1}')).toEqual([]);
    expect(parseRated(JSON.stringify(['c1', 2, '', null, 'c2', 'x'.repeat(101)]))).toEqual(['c1', 'c2']);
  });

  it('adds once, most recent last, and stays bounded', () => {
    expect(addRated(['a', 'b'], 'a')).toEqual(['b', 'a']);
    expect(addRated([], 'c1')).toEqual(['c1']);
    const many = Array.from({ length: MAX_RATED }, (_, i) => `c${i}`);
    const next = addRated(many, 'new');
    expect(next).toHaveLength(MAX_RATED);
    expect(next[0]).toBe('c1');
    expect(next.at(-1)).toBe('new');
    expect(parseRated(JSON.stringify(next))).toEqual(next);
  });
});

describe('csatOutcome', () => {
  it('thanks on success', () => {
    expect(csatOutcome({ ok: true })).toEqual({ final: true, key: 'csatThanks' });
  });

  it('already rated, expired and forged tokens are final', () => {
    expect(csatOutcome({ ok: false, error: { code: 'CONFLICT', message: '' } })).toEqual({ final: true, key: 'csatAlready' });
    expect(csatOutcome({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'expired', field: 'token' } })).toEqual({ final: true, key: 'csatExpired' });
    expect(csatOutcome({ ok: false, error: { code: 'INVALID_SIGNATURE', message: '' } })).toEqual({ final: true, key: 'csatInvalid' });
  });

  it('rate limits, timeouts and comment errors can be retried', () => {
    expect(csatOutcome({ ok: false, error: { code: 'RATE_LIMITED', message: '' } })).toEqual({ final: false, code: 'RATE_LIMITED' });
    expect(csatOutcome({ ok: false, error: { code: 'TIMEOUT', message: '' } })).toEqual({ final: false, code: 'TIMEOUT' });
    expect(csatOutcome({ ok: false, error: { code: 'VALIDATION_FAILED', message: '', field: 'comment' } })).toEqual({ final: false, code: 'VALIDATION_FAILED' });
  });
});
