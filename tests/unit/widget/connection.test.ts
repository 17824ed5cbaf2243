import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: { url: string; opts: { auth: (cb: (data: object) => void) => void } }[] = [];
vi.mock('socket.io-client', () => ({ io: (url: string, opts: never) => (calls.push({ url, opts }), {}) }));

const { connect } = await import('../../../widget/src/connection.js');
const authOf = (i: number) => new Promise<object>((resolve) => calls[i]!.opts.auth(resolve));

describe('connect auth', () => {
  beforeEach(() => void (calls.length = 0));

  it('sends the inbox and, once known, the visitor token', async () => {
    let token: string | undefined;
    connect('https://chat.example.com', 'inbox1', () => token);
    expect(calls[0]!.url).toBe('https://chat.example.com/widget');
    await expect(authOf(0)).resolves.toEqual({ inboxToken: 'inbox1', context: expect.any(Object) });
    token = 'v1';
    await expect(authOf(0)).resolves.toEqual({ inboxToken: 'inbox1', visitorToken: 'v1', context: expect.any(Object) });
  });

  it('adds a signed user claim, and drops it once the claim is withdrawn', async () => {
    let claim: { userId: string; userHash: string } | null = { userId: 'u1', userHash: 'h1' };
    connect('https://x.io', 'inbox1', () => 'v1', () => claim);
    await expect(authOf(0)).resolves.toEqual({ inboxToken: 'inbox1', visitorToken: 'v1', userId: 'u1', userHash: 'h1', context: expect.any(Object) });
    claim = null;
    await expect(authOf(0)).resolves.toEqual({ inboxToken: 'inbox1', visitorToken: 'v1', context: expect.any(Object) });
  });

  it('tells the server the page, language and zone the visitor is in', async () => {
    vi.stubGlobal('location', { pathname: '/pricing' });
    vi.stubGlobal('navigator', { language: 'de-DE' });
    try {
      connect('https://x.io', 'inbox1', () => undefined);
      const auth = (await authOf(0)) as { context: Record<string, string> };
      expect(auth.context).toMatchObject({ page: '/pricing', locale: 'de-DE' });
      expect(auth.context.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
