// The per-account sign-in backoff: the delay table, and the throttle on both stores (this process,
// and a real Redis shared by nodes; skipped, saying so, when no Redis answers).
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisUnreachable } from '../../../scripts/cluster.js';
import { delayAfter, LoginThrottle } from '../../../server/auth/login-throttle.js';
import { MEMORY, type LimiterStore } from '../../../server/http/limiter-store.js';
import type { Redis } from '../../../server/realtime/redis.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const noRedis = await redisUnreachable(REDIS_URL);

describe('delayAfter', () => {
  it('is free for five failures, then doubles from 1 s up to 15 minutes', () => {
    expect([1, 2, 3, 4, 5].map((n) => delayAfter(n))).toEqual([0, 0, 0, 0, 0]);
    expect([6, 7, 8, 9, 10].map((n) => delayAfter(n))).toEqual([1, 2, 4, 8, 16]);
    expect(delayAfter(15)).toBe(512);
    expect([16, 50, 10_000].map((n) => delayAfter(n))).toEqual([900, 900, 900]);
  });
});

async function exercise(store: LimiterStore): Promise<void> {
  const throttle = new LoginThrottle(store);
  const account = `${randomBytes(6).toString('hex')}@Example.test`;
  for (let i = 0; i < 5; i++) await throttle.failed(account);
  expect(await throttle.waitSec(account)).toBe(0);
  await throttle.failed(account);
  // The same account, however it is spelled: emails are case-insensitive.
  expect(await throttle.waitSec(account.toLowerCase())).toBe(1);
  expect(await throttle.waitSec(`other-${account}`)).toBe(0);
  await throttle.succeeded(account);
  expect(await throttle.waitSec(account)).toBe(0);
  await throttle.failed(account);
  expect(await throttle.waitSec(account)).toBe(0);
}

describe('LoginThrottle', () => {
  it('in memory', () => exercise(MEMORY));

  describe.skipIf(noRedis !== null)(`in Redis${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
    let client: Redis | undefined;
    afterAll(() => client?.destroy());
    it('counts and waits across nodes that share it', async () => {
      client = createClient({ url: REDIS_URL }) as Redis;
      await client.connect();
      const store: LimiterStore = { kind: 'redis', client, prefix: `test-${randomBytes(4).toString('hex')}` };
      await exercise(store);
      // A second node (another throttle on the same Redis) sees the first one's failures.
      const account = `${randomBytes(6).toString('hex')}@example.test`;
      const [a, b] = [new LoginThrottle(store), new LoginThrottle(store)];
      for (let i = 0; i < 6; i++) await (i % 2 ? a : b).failed(account);
      expect(await a.waitSec(account)).toBe(1);
      expect(await b.waitSec(account)).toBe(1);
    });
  });
});
