// Password hashing with scrypt (memory-hard, built into Node): 32 MiB and ~100 ms per hash.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, { ...opts, maxmem: 128 * opts.N! * opts.r! * 2 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Returns `scrypt$N$r$p$salt$hash` so parameters can rise later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const N = Number(n), R = Number(r), P = Number(p);
  // A corrupt or hostile stored hash (bad numbers, absurd cost) is a failed sign-in, not a crash.
  const sane = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0 && N <= 2 ** 20 && Number.isInteger(R) && R > 0 && R <= 32 && Number.isInteger(P) && P > 0 && P <= 16;
  if (scheme !== 'scrypt' || !salt || !hash || !sane) return false;
  const expected = Buffer.from(hash, 'base64url');
  try {
    const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N, r: R, p: P });
    return key.length === expected.length && timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

/** A readable random password for generated accounts. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
