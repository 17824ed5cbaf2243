// Visitor tokens: only the server mints them; they bind a visitor id to one inbox.
import { describe, expect, it } from 'vitest';
import { VisitorTokens } from '../../../server/auth/visitor-token.js';

const tokens = new VisitorTokens('a-test-secret-that-is-long-enough-0123456789');

describe('visitor tokens', () => {
  it('mints <visitorId>.<signature> and verifies it for the same inbox', () => {
    const { visitorId, token } = tokens.mint('inbox-1');
    expect(token.startsWith(`${visitorId}.`)).toBe(true);
    expect(visitorId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(tokens.verify('inbox-1', token)).toBe(visitorId);
  });

  it('mints a different visitor every time', () => {
    const ids = new Set(Array.from({ length: 50 }, () => tokens.mint('inbox-1').visitorId));
    expect(ids.size).toBe(50);
  });

  it('rejects a token minted for another inbox', () => {
    const { token } = tokens.mint('inbox-1');
    expect(tokens.verify('inbox-2', token)).toBeNull();
  });

  it('rejects a token signed with another secret', () => {
    const other = new VisitorTokens('another-secret-that-is-long-enough-9876543210');
    expect(tokens.verify('inbox-1', other.mint('inbox-1').token)).toBeNull();
  });

  it('rejects tampered tokens', () => {
    const { visitorId, token } = tokens.mint('inbox-1');
    const sig = token.slice(visitorId.length + 1);
    const other = tokens.mint('inbox-1');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const bad of [
      `${flip(visitorId)}.${sig}`, // someone else's id with this signature
      `${visitorId}.${flip(sig)}`,
      `${visitorId}.${sig.slice(0, -1)}`,
      `${visitorId}.${sig}x`,
      `${other.visitorId}.${sig}`,
      `${visitorId}.`,
      visitorId,
      `.${sig}`,
    ]) {
      expect(tokens.verify('inbox-1', bad), bad).toBeNull();
    }
  });

  it('rejects anything that is not a short string', () => {
    const { token } = tokens.mint('inbox-1');
    for (const bad of [undefined, null, 42, {}, [token], '', `${token}${'x'.repeat(200)}`]) expect(tokens.verify('inbox-1', bad)).toBeNull();
  });
});
