// Visitor tokens: only the server mints them; they bind a visitor id to one inbox, carry when they
// were issued (so they expire, and every connection rotates them), and nothing may follow them.
import { describe, expect, it } from 'vitest';
import { VisitorTokens } from '../../../server/auth/visitor-token.js';

const DAY = 86_400_000;
let now = Date.UTC(2026, 11, 1);
const tokens = new VisitorTokens('a-test-secret-that-is-long-enough-0123456789', 30 * DAY, () => now);

describe('visitor tokens', () => {
  it('mints <visitorId>.<issued>.<signature> and verifies it for the same inbox', () => {
    const { visitorId, token } = tokens.mint('inbox-1');
    expect(token).toMatch(new RegExp(`^${visitorId}\\.[0-9a-z]+\\.[A-Za-z0-9_-]{43}$`));
    expect(visitorId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(tokens.verify('inbox-1', token)).toBe(visitorId);
  });

  it('mints a different visitor every time, and re-mints (rotates) a token for a known visitor', () => {
    const ids = new Set(Array.from({ length: 50 }, () => tokens.mint('inbox-1').visitorId));
    expect(ids.size).toBe(50);
    const first = tokens.mint('inbox-1');
    now += 1000;
    const rotated = tokens.mint('inbox-1', first.visitorId);
    expect(rotated.visitorId).toBe(first.visitorId);
    expect(rotated.token).not.toBe(first.token);
    expect(tokens.verify('inbox-1', rotated.token)).toBe(first.visitorId);
  });

  it('expires: a token older than its lifetime, or issued in the future, is refused', () => {
    const { token, visitorId } = tokens.mint('inbox-1');
    now += 30 * DAY - 1000;
    expect(tokens.verify('inbox-1', token)).toBe(visitorId);
    now += 2000;
    expect(tokens.verify('inbox-1', token)).toBeNull();
    const future = new VisitorTokens('a-test-secret-that-is-long-enough-0123456789', 30 * DAY, () => now + DAY).mint('inbox-1');
    expect(tokens.verify('inbox-1', future.token)).toBeNull();
  });

  it('rejects a token minted for another inbox', () => {
    const { token } = tokens.mint('inbox-1');
    expect(tokens.verify('inbox-2', token)).toBeNull();
  });

  it('rejects a token signed with another secret', () => {
    const other = new VisitorTokens('another-secret-that-is-long-enough-9876543210', 30 * DAY, () => now);
    expect(tokens.verify('inbox-1', other.mint('inbox-1').token)).toBeNull();
  });

  it('rejects tampered tokens and trailing junk', () => {
    const { visitorId, token } = tokens.mint('inbox-1');
    const [, issued, sig] = token.split('.') as [string, string, string];
    const other = tokens.mint('inbox-1');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const bad of [
      `${flip(visitorId)}.${issued}.${sig}`, // someone else's id with this signature
      `${visitorId}.${issued}.${flip(sig)}`,
      `${visitorId}.${(parseInt(issued, 36) + 1).toString(36)}.${sig}`, // a later issue time
      `${visitorId}.${issued}.${sig.slice(0, -1)}`,
      `${other.visitorId}.${issued}.${sig}`,
      `${token}x`, `${token}.`, `${token}.junk`, `${token}=`, `${token} `, `${token}\n`, ` ${token}`,
      `${visitorId}.${sig}`, // the old two-part form
      `${visitorId}.${issued}.`, visitorId, `.${issued}.${sig}`,
    ]) {
      expect(tokens.verify('inbox-1', bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('rejects anything that is not a short string', () => {
    const { token } = tokens.mint('inbox-1');
    for (const bad of [undefined, null, 42, {}, [token], '', `${token}${'x'.repeat(200)}`]) expect(tokens.verify('inbox-1', bad)).toBeNull();
  });
});
