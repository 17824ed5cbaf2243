import { describe, expect, it, vi } from 'vitest';
import { readConfig } from '../../../widget/src/config.js';

const script = (src: string, attrs: Record<string, string>) => ({ src, getAttribute: (n: string) => attrs[n] ?? null });

describe('readConfig', () => {
  it('reads the current script: inbox, server origin, language', () => {
    const s = script('https://chat.example.com:8443/widget.js?v=2', { 'data-inbox': 'tok_1', 'data-lang': 'zh' });
    expect(readConfig({ currentScript: s, querySelector: () => null })).toEqual({ inboxToken: 'tok_1', origin: 'https://chat.example.com:8443', lang: 'zh' });
  });

  it('falls back to the first script[data-inbox] when currentScript is unavailable', () => {
    const s = script('http://localhost:3000/widget.js', { 'data-inbox': 'tok_2' });
    expect(readConfig({ currentScript: null, querySelector: (q) => (q === 'script[data-inbox]' ? s : null) })).toMatchObject({ inboxToken: 'tok_2', origin: 'http://localhost:3000', lang: null });
  });

  it('returns null without an inbox token', () => {
    expect(readConfig({ currentScript: script('https://x.io/widget.js', {}), querySelector: () => null })).toBeNull();
    expect(readConfig({ currentScript: script('https://x.io/widget.js', { 'data-inbox': '  ' }), querySelector: () => null })).toBeNull();
  });

  it('reads a site-signed user only when both data-user-id and data-user-hash are set', () => {
    const signed = script('https://x.io/widget.js', { 'data-inbox': 't', 'data-user-id': ' u-42 ', 'data-user-hash': 'ab12' });
    expect(readConfig({ currentScript: signed, querySelector: () => null })).toMatchObject({ userId: 'u-42', userHash: 'ab12' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const half = readConfig({ currentScript: script('https://x.io/widget.js', { 'data-inbox': 't', 'data-user-id': 'u-42' }), querySelector: () => null });
    expect(half).not.toHaveProperty('userId');
    expect(half).not.toHaveProperty('userHash');
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
