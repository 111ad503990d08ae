import { readEnv } from '@boutique/kit';
import { type ParsedRedisAddress, parseRedisAddress } from './redis-address';

export interface Config {
  readonly port: number;
  /** Redis to keep carts in; undefined = in memory. */
  readonly redis: ParsedRedisAddress | undefined;
  /** Sliding cart TTL in seconds (0 = carts never expire, as in the original). */
  readonly cartTtlSeconds: number;
  /** How long one Redis command or connect may take. */
  readonly redisTimeoutMs: number;
}

/** Reads PORT (7070), REDIS_ADDR, CART_TTL and REDIS_TIMEOUT; every problem is reported at once. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const read = readEnv(env);
  const port = read.port('PORT', 7070);
  const redisAddr = read.optional('REDIS_ADDR');
  const cartTtlMs = read.duration('CART_TTL', 0);
  const redisTimeoutMs = read.duration('REDIS_TIMEOUT', 1_000);
  let redis: ParsedRedisAddress | undefined;
  if (redisAddr !== undefined) {
    try {
      redis = parseRedisAddress(redisAddr);
    } catch (err) {
      read.problem((err as Error).message);
    }
  }
  if (redisTimeoutMs <= 0) read.problem('REDIS_TIMEOUT must be above 0');
  read.done();
  // Redis expiry has whole seconds; a TTL is rounded up so it never expires early.
  return Object.freeze({ port, redis, cartTtlSeconds: Math.ceil(cartTtlMs / 1_000), redisTimeoutMs });
}
