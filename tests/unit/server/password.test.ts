// Password hashing: scrypt with its parameters in the stored string, salted, timing-safe.
import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from '../../../server/auth/password.js';

describe('password hashing', () => {
  it('stores scrypt$N$r$p$salt$hash', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('correct horse');
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts: the same password hashes differently each time, and both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password here', b)).toBe(true);
  });

  it('normalizes Unicode, so the same password typed differently verifies', async () => {
    const hash = await hashPassword('café au lait'); // precomposed é
    expect(await verifyPassword('cafe\u0301 au lait', hash)).toBe(true); // e + combining accent
  });

  it('rejects hashes of another scheme or missing parts', async () => {
    for (const stored of ['', 'plaintext', 'bcrypt$2b$10$abc', 'scrypt$32768$8$1$', 'scrypt$32768$8$1$c2FsdA']) {
      expect(await verifyPassword('anything', stored), stored).toBe(false);
    }
  });

  it('a corrupted stored hash verifies false instead of throwing', async () => {
    for (const stored of ['scrypt$abc$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA', 'scrypt$3$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA']) {
      await expect(verifyPassword('anything', stored), stored).resolves.toBe(false);
    }
  });

  it('generates readable random passwords long enough for the config rule', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
