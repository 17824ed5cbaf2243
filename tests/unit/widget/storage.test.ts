// The widget's browser storage on a shared device: a token is kept with the signed user it was issued
// for, and another user (or the signed user gone) starts clean; logout forgets everything.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { carriesOver, createStorage, parseVisitor } from '../../../widget/src/storage.js';

/** A real Storage-shaped map standing in for the browser's localStorage, shared like one browser's. */
function fakeLocalStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() { return m.size; },
    clear: () => m.clear(), key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, String(v)), removeItem: (k) => void m.delete(k),
  };
}

const g = globalThis as unknown as { window?: { localStorage: Storage } };
const pending = { clientMessageId: 'c1', body: 'my card ends 4242', createdAt: '2026-12-01T00:00:00.000Z' };

describe('widget storage', () => {
  beforeEach(() => void (g.window = { localStorage: fakeLocalStorage() }));
  afterEach(() => void delete g.window);

  /** One page view on this browser: as `user`, writing what a chat would leave behind. */
  function pageView(user: string | null, token?: string) {
    const s = createStorage('web_1');
    s.useIdentity(user);
    if (token) {
      s.setVisitorToken(token);
      s.addPending(pending);
      s.markRated('conv-1');
    }
    return s;
  }

  it('the same signed user finds their token, queue and surveys again', () => {
    pageView('alice', 'tok-a');
    const again = pageView('alice');
    expect(again.visitorToken()).toBe('tok-a');
    expect(again.pending()).toHaveLength(1);
    expect(again.isRated('conv-1')).toBe(true);
  });

  it('after a signed user, an anonymous page view or another user starts clean', () => {
    pageView('alice', 'tok-a');
    const anonymous = pageView(null);
    expect([anonymous.visitorToken(), anonymous.pending(), anonymous.isRated('conv-1')]).toEqual([undefined, [], false]);
    pageView('alice', 'tok-a');
    const mallory = pageView('mallory');
    expect([mallory.visitorToken(), mallory.pending(), mallory.isRated('conv-1')]).toEqual([undefined, [], false]);
  });

  it('an anonymous visitor who signs in keeps their own chat', () => {
    pageView(null, 'tok-anon');
    expect(pageView('bob').visitorToken()).toBe('tok-anon');
  });

  it('a token stored by an older widget (a bare string) counts as anonymous', () => {
    g.window!.localStorage.setItem('switchboard:visitor:web_1', 'legacy-token');
    expect(pageView(null).visitorToken()).toBe('legacy-token');
    expect(parseVisitor('{broken')).toBeNull();
  });

  it('clear (logout) forgets the token, the queue and the surveys of this inbox only', () => {
    const s = pageView('alice', 'tok-a');
    g.window!.localStorage.setItem('switchboard:visitor:web_2', JSON.stringify({ t: 'other-inbox', u: null }));
    s.clear();
    expect([s.visitorToken(), s.pending(), s.isRated('conv-1')]).toEqual([undefined, [], false]);
    expect(g.window!.localStorage.getItem('switchboard:visitor:web_2')).not.toBeNull();
  });

  it('carriesOver: same user, or from anonymous; never from one signed user to another or to nobody', () => {
    expect([carriesOver(null, null), carriesOver(null, 'a'), carriesOver('a', 'a')]).toEqual([true, true, true]);
    expect([carriesOver('a', null), carriesOver('a', 'b')]).toEqual([false, false]);
  });
});
