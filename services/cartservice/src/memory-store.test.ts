import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryCartStore } from './memory-store';

describe('MemoryCartStore with a TTL', () => {
  it('a cart untouched for the TTL is gone; reading it keeps it alive (sliding)', async () => {
    let now = 1_000_000;
    const store = new MemoryCartStore({ ttlMs: 60_000, now: () => now });
    try {
      await store.addItem('u', 'A', 1);
      now += 59_000;
      assert.deepEqual(await store.getItems('u'), [{ productId: 'A', quantity: 1 }]);
      now += 59_000;
      assert.deepEqual(await store.getItems('u'), [{ productId: 'A', quantity: 1 }]);
      now += 60_000;
      assert.deepEqual(await store.getItems('u'), []);
      await store.addItem('u', 'A', 1);
      assert.deepEqual(await store.getItems('u'), [{ productId: 'A', quantity: 1 }], 'an expired cart is not added to');
    } finally {
      await store.close();
    }
  });
});
