import type { Logger } from '@boutique/kit';
import type { Config } from './config';
import { MemoryCartStore } from './memory-store';
import { RedisCartStore } from './redis-store';
import type { CartStore } from './store';

/** How long start-up waits for Redis before serving anyway (calls answer UNAVAILABLE until it is up). */
const STARTUP_WAIT_MS = 3_000;

/** Opens the store the configuration asks for: Redis when REDIS_ADDR is set, memory otherwise. */
export async function openStore(config: Config, log: Logger): Promise<CartStore> {
  if (!config.redis) {
    log.info({ ttlSeconds: config.cartTtlSeconds }, 'carts kept in memory (REDIS_ADDR unset)');
    return new MemoryCartStore({ ttlMs: config.cartTtlSeconds * 1_000 });
  }
  const { target, warnings } = config.redis;
  for (const warning of warnings) log.warn({ warning }, 'REDIS_ADDR option ignored');
  const store = new RedisCartStore(target, { ttlSeconds: config.cartTtlSeconds, timeoutMs: config.redisTimeoutMs });
  const where = {
    redis: `${target.host}:${target.port}`,
    tls: Boolean(target.tls),
    // Whether only REDIS_CA_FILE's authorities are trusted, so a log shows which CA a TLS failure met.
    privateCa: Boolean(target.tls?.ca),
    ttlSeconds: config.cartTtlSeconds,
  };
  if (await store.whenReady(STARTUP_WAIT_MS)) log.info(where, 'carts kept in redis');
  else log.warn(where, 'redis not reachable yet; serving, cart calls answer UNAVAILABLE until it is');
  return store;
}
