import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { checkHealth, createClient, hipstershop, initLogger, type Running, serve } from '@boutique/kit';
import type { AddItemRequest } from '@boutique/kit/generated/hipstershop/AddItemRequest';
import type { Cart__Output } from '@boutique/kit/generated/hipstershop/Cart';
import type { EmptyCartRequest } from '@boutique/kit/generated/hipstershop/EmptyCartRequest';
import type { GetCartRequest } from '@boutique/kit/generated/hipstershop/GetCartRequest';
import { type ServiceError, status } from '@grpc/grpc-js';
import { MemoryCartStore } from './memory-store';
import { RedisCartStore } from './redis-store';
import { cartService } from './server';
import type { CartStore } from './store';
import { type RedisProcess, startRedis } from './test-redis';

initLogger('cartservice', { level: 'silent' });

const CALL = { deadlineMs: 5_000 };

async function startServer(store: CartStore) {
  const running: Running = await serve({ port: 0, services: [cartService(store)], handleSignals: false });
  const client = createClient(hipstershop.CartService, `127.0.0.1:${running.port}`);
  return {
    running,
    client,
    addItem: (request: AddItemRequest) => client.AddItem(request, CALL),
    getCart: (request: GetCartRequest) => client.GetCart(request, CALL),
    emptyCart: (request: EmptyCartRequest) => client.EmptyCart(request, CALL),
  };
}

const user = () => `user-${randomUUID()}`;
const code = (expected: status, message?: RegExp) => (err: ServiceError) => {
  assert.equal(err.code, expected, err.details);
  if (message) assert.match(err.details, message);
  return true;
};

describe('CartService over gRPC (in-memory store)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    server = await startServer(new MemoryCartStore());
  });
  after(async () => {
    server.client.close();
    await server.running.shutdown();
  });

  it('health → SERVING for the server and for hipstershop.CartService', async () => {
    assert.equal(await checkHealth(`127.0.0.1:${server.running.port}`), 'SERVING');
    assert.equal(await checkHealth(`127.0.0.1:${server.running.port}`, 'hipstershop.CartService'), 'SERVING');
  });

  it('GetCart of an unknown user → an empty cart carrying the user id asked for', async () => {
    const id = user();
    assert.deepEqual(await server.getCart({ userId: id }), { userId: id, items: [] });
  });

  it('AddItem twice for one product and once for another → one line per product, quantities summed', async () => {
    const id = user();
    assert.deepEqual(await server.addItem({ userId: id, item: { productId: 'OLJCESPC7Z', quantity: 1 } }), {});
    await server.addItem({ userId: id, item: { productId: '66VCHSJNUP', quantity: 2 } });
    await server.addItem({ userId: id, item: { productId: 'OLJCESPC7Z', quantity: 3 } });
    assert.deepEqual(await server.getCart({ userId: id }), {
      userId: id,
      items: [
        { productId: 'OLJCESPC7Z', quantity: 4 },
        { productId: '66VCHSJNUP', quantity: 2 },
      ],
    });
  });

  it('EmptyCart → GetCart returns no items', async () => {
    const id = user();
    await server.addItem({ userId: id, item: { productId: 'A', quantity: 1 } });
    assert.deepEqual(await server.emptyCart({ userId: id }), {});
    assert.deepEqual(await server.getCart({ userId: id }), { userId: id, items: [] });
  });

  it('50 concurrent AddItems of quantity 1 → 50', async () => {
    const id = user();
    await Promise.all(
      Array.from({ length: 50 }, () => server.addItem({ userId: id, item: { productId: 'A', quantity: 1 } })),
    );
    assert.deepEqual(await server.getCart({ userId: id }), { userId: id, items: [{ productId: 'A', quantity: 50 }] });
  });

  const badAdds: [string, AddItemRequest, RegExp][] = [
    ['an empty user id', { userId: '', item: { productId: 'A', quantity: 1 } }, /^user_id is required$/],
    ['no user id at all', { item: { productId: 'A', quantity: 1 } }, /^user_id is required$/],
    ['a missing item', { userId: 'u' }, /^item is required$/],
    ['an empty product id', { userId: 'u', item: { productId: '', quantity: 1 } }, /^item.product_id is required$/],
    ['quantity 0', { userId: 'u', item: { productId: 'A', quantity: 0 } }, /^item.quantity must be at least 1, got 0$/],
    ['a negative quantity', { userId: 'u', item: { productId: 'A', quantity: -4 } }, /got -4$/],
  ];
  for (const [name, request, message] of badAdds) {
    it(`AddItem with ${name} → INVALID_ARGUMENT, and the server keeps serving`, async () => {
      await assert.rejects(server.addItem(request), code(status.INVALID_ARGUMENT, message));
      assert.deepEqual(await server.addItem({ userId: 'u', item: { productId: 'A', quantity: 1 } }), {});
    });
  }

  it('AddItem taking a line past the int32 maximum → INVALID_ARGUMENT and the cart is unchanged', async () => {
    const id = user();
    await server.addItem({ userId: id, item: { productId: 'A', quantity: 2_147_483_000 } });
    await assert.rejects(
      server.addItem({ userId: id, item: { productId: 'A', quantity: 1_000 } }),
      code(status.INVALID_ARGUMENT, /above the maximum of 2147483647/),
    );
    assert.deepEqual(await server.getCart({ userId: id }), {
      userId: id,
      items: [{ productId: 'A', quantity: 2_147_483_000 }],
    });
  });

  it('GetCart and EmptyCart with an empty user id → INVALID_ARGUMENT', async () => {
    await assert.rejects(server.getCart({ userId: '' }), code(status.INVALID_ARGUMENT, /^user_id is required$/));
    await assert.rejects(server.emptyCart({}), code(status.INVALID_ARGUMENT, /^user_id is required$/));
    assert.equal(await checkHealth(`127.0.0.1:${server.running.port}`), 'SERVING');
  });
});

describe('CartService over gRPC (Redis store)', () => {
  let redis: RedisProcess;
  let store: RedisCartStore;
  let server: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    redis = await startRedis({ appendOnly: true });
    store = new RedisCartStore({ host: '127.0.0.1', port: redis.port }, { timeoutMs: 500, maxReconnectDelayMs: 100 });
    await store.whenReady(5_000);
    server = await startServer(store);
  });
  after(async () => {
    server.client.close();
    await server.running.shutdown();
    await store.close();
    await redis.dispose();
  });

  it('50 concurrent AddItems of quantity 1 → 50', async () => {
    const id = user();
    await Promise.all(
      Array.from({ length: 50 }, () => server.addItem({ userId: id, item: { productId: 'A', quantity: 1 } })),
    );
    assert.deepEqual(await server.getCart({ userId: id }), { userId: id, items: [{ productId: 'A', quantity: 50 }] });
  });

  it('Redis down → every RPC UNAVAILABLE with a clear message while health stays SERVING; back up → carts are served again', async () => {
    const id = user();
    await server.addItem({ userId: id, item: { productId: 'A', quantity: 2 } });
    await redis.stop();
    const unavailable = code(status.UNAVAILABLE, /^cart storage \(Redis at 127\.0\.0\.1:\d+\) is unavailable: /);
    await assert.rejects(server.getCart({ userId: id }), unavailable);
    await assert.rejects(server.addItem({ userId: id, item: { productId: 'A', quantity: 1 } }), unavailable);
    await assert.rejects(server.emptyCart({ userId: id }), unavailable);
    assert.equal(await checkHealth(`127.0.0.1:${server.running.port}`), 'SERVING');

    await redis.start();
    const deadline = Date.now() + 10_000;
    let cart: Cart__Output | undefined;
    while (!cart && Date.now() < deadline) {
      cart = await server.getCart({ userId: id }).catch(() => undefined);
      if (!cart) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The AOF kept the acknowledged write across the restart.
    assert.deepEqual(cart, { userId: id, items: [{ productId: 'A', quantity: 2 }] });
  });
});
