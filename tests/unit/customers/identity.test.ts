// Widget identity verification: only the inbox secret's HMAC of the user id passes; forged,
// truncated, other-secret or unsigned claims fail (in constant time).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identitySecretOf, newIdentitySecret, signWidgetUser, userIdentityValue, verifyWidgetIdentity } from '../../../server/customers/identity.js';

const secret = newIdentitySecret();

describe('verifyWidgetIdentity', () => {
  it('accepts hex HMAC-SHA256(secret, userId) as the host site computes it', () => {
    const hash = createHmac('sha256', secret).update('user-42').digest('hex');
    expect(signWidgetUser(secret, 'user-42')).toBe(hash);
    expect(verifyWidgetIdentity(secret, 'user-42', hash)).toBe(true);
    expect(verifyWidgetIdentity(secret, 'user-42', hash.toUpperCase())).toBe(true);
  });

  it('rejects a forged hash, another user id, another secret, or a truncated hash', () => {
    const hash = signWidgetUser(secret, 'user-42');
    const forged = (hash[0] === 'a' ? 'b' : 'a') + hash.slice(1);
    expect(verifyWidgetIdentity(secret, 'user-42', forged)).toBe(false);
    expect(verifyWidgetIdentity(secret, 'user-43', hash)).toBe(false);
    expect(verifyWidgetIdentity(newIdentitySecret(), 'user-42', hash)).toBe(false);
    expect(verifyWidgetIdentity(secret, 'user-42', hash.slice(0, 63))).toBe(false);
    expect(verifyWidgetIdentity(secret, 'user-42', 'zz'.repeat(32))).toBe(false);
  });

  it('never trusts an unsigned claim or an inbox without a secret', () => {
    expect(verifyWidgetIdentity(secret, 'user-42', undefined)).toBe(false);
    expect(verifyWidgetIdentity(secret, 'user-42', '')).toBe(false);
    expect(verifyWidgetIdentity(null, 'user-42', signWidgetUser('x'.repeat(32), 'user-42'))).toBe(false);
    expect(verifyWidgetIdentity(secret, 42, signWidgetUser(secret, '42'))).toBe(false);
  });

  it('scopes user identities to the inbox and reads the secret from inbox settings', () => {
    expect(userIdentityValue('inbox1', 'u1')).toBe('inbox1:u1');
    expect(identitySecretOf({ identitySecret: secret })).toBe(secret);
    expect(identitySecretOf({ identitySecret: 'short' })).toBeNull();
    expect(identitySecretOf(null)).toBeNull();
  });
});
