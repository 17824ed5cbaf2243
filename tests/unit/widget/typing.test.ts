import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingIndicator, TypingSender } from '../../../widget/src/typing.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('TypingSender', () => {
  it('throttles typing=true to one per 2 s and sends typing=false after 3 s idle', () => {
    const sent: boolean[] = [];
    const s = new TypingSender((t) => sent.push(t), () => Date.now());
    s.input();
    vi.advanceTimersByTime(500);
    s.input();
    vi.advanceTimersByTime(500);
    s.input();
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(1000);
    s.input();
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(2999);
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([true, true, false]);
  });

  it('stops at once on send, and only if it had started', () => {
    const sent: boolean[] = [];
    const s = new TypingSender((t) => sent.push(t));
    s.stop();
    expect(sent).toEqual([]);
    s.input();
    s.stop();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([true, false]);
  });
});

describe('TypingIndicator', () => {
  it('hides 5 s after the last typing update', () => {
    const shown: [boolean, string | null][] = [];
    const t = new TypingIndicator((typing, name) => shown.push([typing, name]));
    t.update(true, 'Ana');
    vi.advanceTimersByTime(4000);
    t.update(true, 'Ana');
    vi.advanceTimersByTime(4999);
    expect(shown.at(-1)).toEqual([true, 'Ana']);
    vi.advanceTimersByTime(1);
    expect(shown.at(-1)).toEqual([false, null]);
  });

  it('hides on typing=false', () => {
    const shown: boolean[] = [];
    const t = new TypingIndicator((typing) => shown.push(typing));
    t.update(true, null);
    t.update(false, null);
    expect(shown).toEqual([true, false]);
  });
});
