import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { perKeyThrottle } from '../../../server/realtime/per-key-throttle.js';

describe('perKeyThrottle', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('runs the first call at once, then only the latest value once per window, per key', () => {
    const runs: string[] = [];
    const t = perKeyThrottle<number>(100, (key, n) => runs.push(`${key}${n}`));
    t.call('a', 1);
    t.call('b', 1);
    t.call('a', 2);
    t.call('a', 3);
    expect(runs).toEqual(['a1', 'b1']);
    vi.advanceTimersByTime(100);
    expect(runs).toEqual(['a1', 'b1', 'a3']); // b had nothing newer
    vi.advanceTimersByTime(100);
    t.call('a', 4); // the window after a3 is over: at once again
    expect(runs).toEqual(['a1', 'b1', 'a3', 'a4']);
  });

  it('keeps the window open after a trailing run, so a steady stream stays at one per window', () => {
    const runs: number[] = [];
    const t = perKeyThrottle<number>(100, (_key, n) => runs.push(n));
    for (let i = 0; i < 50; i++) {
      t.call('k', i);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(200);
    expect(runs.length).toBeLessThanOrEqual(7);
    expect(runs.at(-1)).toBe(49); // the last state always arrives
  });

  it('stop drops pending runs', () => {
    const runs: number[] = [];
    const t = perKeyThrottle<number>(100, (_key, n) => runs.push(n));
    t.call('k', 1);
    t.call('k', 2);
    t.stop();
    vi.advanceTimersByTime(500);
    expect(runs).toEqual([1]);
  });
});
