// Where rate-limit counters live: in this process, or in Redis when several nodes share one
// (REDIS_URL), so a client spreading its attempts over the nodes gains nothing. A Redis outage falls
// back to per-node memory instead of refusing every request.
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from '../realtime/redis.js';

export type LimiterStore = { kind: 'memory' } | { kind: 'redis'; client: Redis; prefix: string };

export const MEMORY: LimiterStore = { kind: 'memory' };

export function createLimiter(store: LimiterStore, name: string, points: number, durationSec: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: durationSec });
  if (store.kind === 'memory') return memory;
  return new RateLimiterRedis({ storeClient: store.client, useRedisPackage: true, rejectIfRedisNotReady: true, keyPrefix: `${store.prefix}:rl:${name}`, points, duration: durationSec, insuranceLimiter: memory });
}
