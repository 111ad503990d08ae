import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults: port 7070, in memory, no TTL, 1 s Redis timeout', () => {
    assert.deepEqual(loadConfig({}), { port: 7070, redis: undefined, cartTtlSeconds: 0, redisTimeoutMs: 1_000 });
  });
  it('REDIS_ADDR, CART_TTL (rounded up to whole seconds) and REDIS_TIMEOUT are read', () => {
    const config = loadConfig({
      PORT: '9000',
      REDIS_ADDR: 'redis-cart:6379',
      CART_TTL: '1500ms',
      REDIS_TIMEOUT: '250ms',
    });
    assert.deepEqual(config, {
      port: 9000,
      redis: { target: { host: 'redis-cart', port: 6379 }, warnings: [] },
      cartTtlSeconds: 2,
      redisTimeoutMs: 250,
    });
    assert.ok(Object.isFrozen(config));
  });
  it('every problem is reported at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'x', REDIS_ADDR: 'cache:0', CART_TTL: 'forever', REDIS_TIMEOUT: '0' }),
      (err: Error & { problems: string[] }) => {
        assert.equal(err.problems.length, 4);
        assert.match(err.problems.join('\n'), /PORT.*\n.*CART_TTL.*\n.*REDIS_ADDR.*\n.*REDIS_TIMEOUT/s);
        return true;
      },
    );
  });
});
