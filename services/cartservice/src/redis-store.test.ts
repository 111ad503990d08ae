import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { initLogger, PROTO_PATH } from '@boutique/kit';
import Redis from 'ioredis';
import protobuf from 'protobufjs';
import { RedisCartStore } from './redis-store';
import { type RedisProcess, startRedis } from './test-redis';

initLogger('cartservice', { level: 'silent' });

// An independent codec straight from the contract, so the format check does not trust cart-codec.ts.
const CART = protobuf.loadSync(PROTO_PATH).lookupType('hipstershop.Cart');
const encode = (cart: object) => Buffer.from(CART.encode(CART.fromObject(cart)).finish());
const decode = (bytes: Buffer) => CART.toObject(CART.decode(bytes), { defaults: true });
const user = () => `user-${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisCartStore on a real redis-server', () => {
  let redis: RedisProcess;
  let plain: Redis;
  let store: RedisCartStore;
  before(async () => {
    redis = await startRedis();
    plain = new Redis({ host: '127.0.0.1', port: redis.port, protocol: 2 }).on('error', () => undefined);
    store = new RedisCartStore({ host: '127.0.0.1', port: redis.port });
    await store.whenReady(5_000);
  });
  after(async () => {
    await store.close();
    plain.disconnect();
    await redis.dispose();
  });

  it("writes the original's format: a HASH at the user id with protobuf data, absexp and sldexp -1, no TTL", async () => {
    const id = user();
    await store.addItem(id, 'OLJCESPC7Z', 2);
    await store.addItem(id, 'L9ECAV7KIM', 1);
    assert.equal(await plain.type(id), 'hash');
    const hash = await plain.hgetallBuffer(id);
    assert.deepEqual(Object.keys(hash).sort(), ['absexp', 'data', 'sldexp']);
    assert.equal(hash.absexp!.toString(), '-1');
    assert.equal(hash.sldexp!.toString(), '-1');
    assert.deepEqual(decode(hash.data!), {
      userId: id,
      items: [
        { productId: 'OLJCESPC7Z', quantity: 2 },
        { productId: 'L9ECAV7KIM', quantity: 1 },
      ],
    });
    assert.equal(await plain.ttl(id), -1);
  });

  it('reads a cart the original wrote, merging duplicate lines and dropping non-positive quantities', async () => {
    const id = user();
    const items = [
      { productId: 'A', quantity: 1 },
      { productId: 'B', quantity: 0 },
      { productId: 'A', quantity: 2 },
      { productId: 'C', quantity: -3 },
    ];
    await plain.hset(id, 'absexp', '-1', 'sldexp', '-1', 'data', encode({ userId: '', items }));
    assert.deepEqual(await store.getItems(id), [{ productId: 'A', quantity: 3 }]);
    await store.addItem(id, 'A', 1);
    assert.deepEqual(await store.getItems(id), [{ productId: 'A', quantity: 4 }]);
  });

  it("reads the original's emptied cart (zero-length data) as empty, and adds to it", async () => {
    const id = user();
    await plain.hset(id, 'absexp', '-1', 'sldexp', '-1', 'data', Buffer.alloc(0));
    assert.deepEqual(await store.getItems(id), []);
    await store.addItem(id, 'A', 2);
    assert.deepEqual(decode((await plain.hgetBuffer(id, 'data'))!), {
      userId: id,
      items: [{ productId: 'A', quantity: 2 }],
    });
  });

  it('empty deletes the key, which the original also reads as no cart', async () => {
    const id = user();
    await store.addItem(id, 'A', 1);
    await store.empty(id);
    assert.equal(await plain.exists(id), 0);
  });

  it('AddItems from five replicas (five connections), 20 concurrent each, for one user → 100', async () => {
    const id = user();
    const replicas = Array.from({ length: 5 }, () => new RedisCartStore({ host: '127.0.0.1', port: redis.port }));
    try {
      await Promise.all(replicas.map((replica) => replica.whenReady(5_000)));
      await Promise.all(replicas.flatMap((replica) => Array.from({ length: 20 }, () => replica.addItem(id, 'A', 1))));
      assert.deepEqual(await store.getItems(id), [{ productId: 'A', quantity: 100 }]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });

  it('a key holding something else than a cart hash → an internal error, not UNAVAILABLE', async () => {
    const id = user();
    await plain.set(id, 'not a hash');
    await assert.rejects(store.getItems(id), (err: Error & { kind?: string }) => {
      assert.equal(err.kind, undefined);
      assert.match(err.message, /WRONGTYPE/);
      return true;
    });
  });

  it('data that is not a protobuf Cart → an internal error naming the user', async () => {
    const id = user();
    await plain.hset(id, 'data', Buffer.from([0xff, 0xff, 0xff]));
    await assert.rejects(store.getItems(id), { message: `stored cart of user "${id}" is not a hipstershop.Cart` });
  });
});

describe('RedisCartStore with a cart TTL', () => {
  it('sets sldexp to the TTL in .NET ticks and EXPIRE on writes, and reads refresh it', async () => {
    const redis = await startRedis();
    const plain = new Redis({ host: '127.0.0.1', port: redis.port, protocol: 2 }).on('error', () => undefined);
    const store = new RedisCartStore({ host: '127.0.0.1', port: redis.port }, { ttlSeconds: 3_600 });
    try {
      await store.whenReady(5_000);
      const id = user();
      await store.addItem(id, 'A', 1);
      assert.equal(await plain.hget(id, 'sldexp'), '36000000000');
      assert.equal(await plain.hget(id, 'absexp'), '-1');
      const ttl = await plain.ttl(id);
      assert.ok(ttl > 3_590 && ttl <= 3_600, `ttl ${ttl}`);
      await plain.expire(id, 10);
      await store.getItems(id);
      assert.ok((await plain.ttl(id)) > 3_590);
      await plain.expire(id, 1);
      await sleep(1_100);
      assert.deepEqual(await store.getItems(id), []);
    } finally {
      await store.close();
      plain.disconnect();
      await redis.dispose();
    }
  });
});

describe('RedisCartStore when Redis goes away', () => {
  it('Redis down → UNAVAILABLE within the command timeout; after a restart it recovers by itself', async () => {
    const redis = await startRedis();
    const store = new RedisCartStore(
      { host: '127.0.0.1', port: redis.port },
      { timeoutMs: 500, maxReconnectDelayMs: 100 },
    );
    try {
      await store.whenReady(5_000);
      const id = user();
      await store.addItem(id, 'A', 1);
      await redis.stop('SIGKILL');
      for (const call of [() => store.getItems(id), () => store.addItem(id, 'A', 1), () => store.empty(id)]) {
        const started = Date.now();
        await assert.rejects(call(), (err: Error & { kind?: string }) => {
          assert.equal(err.kind, 'UNAVAILABLE');
          assert.match(
            err.message,
            new RegExp(`^cart storage \\(Redis at 127\\.0\\.0\\.1:${redis.port}\\) is unavailable: `),
          );
          return true;
        });
        assert.ok(Date.now() - started < 1_000, 'fails fast');
      }
      // Once reconnecting has failed, the message says why.
      await sleep(300);
      await assert.rejects(store.getItems(id), {
        kind: 'UNAVAILABLE',
        message: new RegExp(
          `is unavailable: not connected \\(\\w+; last error: connect ECONNREFUSED 127\\.0\\.0\\.1:${redis.port}\\)$`,
        ),
      });
      await redis.start();
      const deadline = Date.now() + 10_000;
      let items: unknown;
      while (Date.now() < deadline) {
        items = await store.getItems(id).catch(() => undefined);
        if (items) break;
        await sleep(50);
      }
      // No persistence in this test: the restarted Redis is empty, and the store works against it.
      assert.deepEqual(items, []);
      await store.addItem(id, 'B', 1);
      assert.deepEqual(await store.getItems(id), [{ productId: 'B', quantity: 1 }]);
    } finally {
      await store.close();
      await redis.dispose();
    }
  });

  it('a store opened while Redis is down answers UNAVAILABLE, then works once Redis starts', async () => {
    const redis = await startRedis();
    await redis.stop();
    const store = new RedisCartStore(
      { host: '127.0.0.1', port: redis.port },
      { timeoutMs: 500, maxReconnectDelayMs: 100 },
    );
    try {
      assert.equal(await store.whenReady(200), false);
      await assert.rejects(store.getItems('u'), { kind: 'UNAVAILABLE' });
      await redis.start();
      assert.equal(await store.whenReady(5_000), true);
      await store.addItem('u', 'A', 1);
      assert.deepEqual(await store.getItems('u'), [{ productId: 'A', quantity: 1 }]);
    } finally {
      await store.close();
      await redis.dispose();
    }
  });

  it('Redis killed and restarted mid-run with AOF (appendfsync always) → no acknowledged write lost', async () => {
    const redis = await startRedis({ appendOnly: true });
    const store = new RedisCartStore(
      { host: '127.0.0.1', port: redis.port },
      { timeoutMs: 500, maxReconnectDelayMs: 50 },
    );
    try {
      await store.whenReady(5_000);
      const id = user();
      const workers = 8;
      const acked = new Array<number>(workers).fill(0);
      const failed = new Array<number>(workers).fill(0);
      let running = true;
      // Each worker adds to its own product so the outcome per product is exactly checkable.
      const loops = Array.from({ length: workers }, async (_, w) => {
        for (let n = 0; running && n < 5_000; n++) {
          try {
            await store.addItem(id, `P${w}`, 1);
            acked[w]!++;
          } catch (err) {
            assert.equal((err as { kind?: string }).kind, 'UNAVAILABLE');
            failed[w]!++;
            await sleep(10);
          }
        }
      });
      await sleep(300);
      const ackedBeforeCrash = acked.reduce((a, b) => a + b, 0);
      await redis.stop('SIGKILL');
      await sleep(200);
      await redis.start();
      await sleep(500);
      running = false;
      await Promise.all(loops);

      const items = await store.getItems(id);
      assert.ok(ackedBeforeCrash > 0, 'writes were acknowledged before the crash');
      assert.ok(
        failed.some((n) => n > 0),
        'some writes failed while Redis was down',
      );
      const ackedAfterRestart = acked.reduce((a, b) => a + b, 0) - ackedBeforeCrash;
      assert.ok(ackedAfterRestart > 0, 'writes were acknowledged after the restart');
      for (let w = 0; w < workers; w++) {
        const stored = items.find((item) => item.productId === `P${w}`)?.quantity ?? 0;
        // Every acknowledged add is there; at most the failed ones (outcome unknown to the caller) on top.
        assert.ok(stored >= acked[w]!, `P${w}: stored ${stored} < acknowledged ${acked[w]}`);
        assert.ok(
          stored <= acked[w]! + failed[w]!,
          `P${w}: stored ${stored} > acknowledged ${acked[w]} + failed ${failed[w]}`,
        );
      }
    } finally {
      await store.close();
      await redis.dispose();
    }
  });
});
