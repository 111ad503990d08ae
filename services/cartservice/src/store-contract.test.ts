import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { initLogger } from '@boutique/kit';
import { MAX_QUANTITY } from './cart';
import { MemoryCartStore } from './memory-store';
import { RedisCartStore } from './redis-store';
import type { CartStore } from './store';
import { type RedisProcess, startRedis } from './test-redis';

initLogger('cartservice', { level: 'silent' });

/** The behaviour every CartStore must have; run against each implementation below. */
function storeContract(name: string, open: () => Promise<{ store: CartStore; close(): Promise<void> }>) {
  describe(`${name} store contract`, () => {
    let store: CartStore;
    let close: () => Promise<void>;
    before(async () => ({ store, close } = await open()));
    after(() => close());
    const user = () => `user-${randomUUID()}`;

    it('an unknown user has no items', async () => {
      assert.deepEqual(await store.getItems(user()), []);
    });

    it('adding creates the cart; adding the same product adds to its quantity; others are appended in order', async () => {
      const id = user();
      await store.addItem(id, 'OLJCESPC7Z', 2);
      await store.addItem(id, '66VCHSJNUP', 1);
      await store.addItem(id, 'OLJCESPC7Z', 3);
      assert.deepEqual(await store.getItems(id), [
        { productId: 'OLJCESPC7Z', quantity: 5 },
        { productId: '66VCHSJNUP', quantity: 1 },
      ]);
    });

    it('carts of different users are independent', async () => {
      const [alice, bob] = [user(), user()];
      await store.addItem(alice, 'A', 1);
      await store.addItem(bob, 'B', 2);
      assert.deepEqual(await store.getItems(alice), [{ productId: 'A', quantity: 1 }]);
      assert.deepEqual(await store.getItems(bob), [{ productId: 'B', quantity: 2 }]);
    });

    it('empty → no items; adding afterwards starts a fresh cart; emptying an unknown user is fine', async () => {
      const id = user();
      await store.addItem(id, 'A', 4);
      await store.empty(id);
      assert.deepEqual(await store.getItems(id), []);
      await store.addItem(id, 'A', 1);
      assert.deepEqual(await store.getItems(id), [{ productId: 'A', quantity: 1 }]);
      await store.empty(user());
    });

    it('a line can reach exactly the int32 maximum', async () => {
      const id = user();
      await store.addItem(id, 'A', MAX_QUANTITY - 1);
      await store.addItem(id, 'A', 1);
      assert.deepEqual(await store.getItems(id), [{ productId: 'A', quantity: MAX_QUANTITY }]);
    });

    it('a line past the int32 maximum → INVALID_ARGUMENT and the cart is unchanged', async () => {
      const id = user();
      await store.addItem(id, 'A', MAX_QUANTITY);
      await store.addItem(id, 'B', 1);
      await assert.rejects(store.addItem(id, 'A', 1), { kind: 'INVALID_ARGUMENT', message: /above the maximum/ });
      assert.deepEqual(await store.getItems(id), [
        { productId: 'A', quantity: MAX_QUANTITY },
        { productId: 'B', quantity: 1 },
      ]);
    });

    it('50 concurrent adds of quantity 1 for one user → 50', async () => {
      const id = user();
      await Promise.all(Array.from({ length: 50 }, () => store.addItem(id, 'A', 1)));
      assert.deepEqual(await store.getItems(id), [{ productId: 'A', quantity: 50 }]);
    });

    it('concurrent adds of 20 different products for one user → 20 lines', async () => {
      const id = user();
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.addItem(id, `P${i}`, i + 1)));
      const items = await store.getItems(id);
      assert.equal(items.length, 20);
      for (let i = 0; i < 20; i++) assert.ok(items.some((it) => it.productId === `P${i}` && it.quantity === i + 1));
    });

    it('any string is a user id or product id (spaces, unicode, colons, long)', async () => {
      for (const id of ['a b', 'ü🛒:cart', 'x'.repeat(2_000), '{braces}']) {
        await store.addItem(id, 'product with spaces ✓', 1);
        assert.deepEqual(await store.getItems(id), [{ productId: 'product with spaces ✓', quantity: 1 }]);
        await store.empty(id);
      }
    });

    it('items handed out are copies: changing them does not change the cart', async () => {
      const id = user();
      await store.addItem(id, 'A', 1);
      const items = await store.getItems(id);
      items[0]!.quantity = 99;
      items.push({ productId: 'B', quantity: 1 });
      assert.deepEqual(await store.getItems(id), [{ productId: 'A', quantity: 1 }]);
    });
  });
}

storeContract('in-memory', async () => {
  const store = new MemoryCartStore();
  return { store, close: () => store.close() };
});

storeContract('Redis', async () => {
  const redis: RedisProcess = await startRedis();
  const store = new RedisCartStore({ host: '127.0.0.1', port: redis.port });
  await store.whenReady(5_000);
  return {
    store,
    close: async () => {
      await store.close();
      await redis.dispose();
    },
  };
});
