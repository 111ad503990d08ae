import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, hipstershop, initLogger, type Running, serve, status } from '@boutique/kit';
import type { ServiceError } from '@grpc/grpc-js';
import { MAX_PRODUCT_ID_LENGTH, MAX_USER_ID_LENGTH } from './cart';
import { MemoryCartStore } from './memory-store';
import { cartService } from './server';

initLogger('cartservice', { level: 'silent' });

const CALL = { deadlineMs: 5_000 };
const longerThan = (limit: number, fill = 'u') => fill.repeat(limit + 1);

/** INVALID_ARGUMENT naming the field and its limit, with a message short enough for a header. */
const tooLong = (field: string, limit: number) => (err: ServiceError) => {
  assert.equal(err.code, status.INVALID_ARGUMENT, err.details);
  assert.match(err.details, new RegExp(`^${field.replace('.', '\\.')} must be at most ${limit} characters, got "`));
  assert.ok(err.details.length < 200, err.details);
  return true;
};

describe('CartService input bounds', () => {
  let running: Running;
  let client: ReturnType<typeof createClient<typeof hipstershop.CartService.service>>;
  before(async () => {
    running = await serve({ port: 0, services: [cartService(new MemoryCartStore())], handleSignals: false });
    client = createClient(hipstershop.CartService, `127.0.0.1:${running.port}`);
  });
  after(async () => {
    client.close();
    await running.shutdown();
  });

  it(`AddItem with a user_id of ${MAX_USER_ID_LENGTH} characters → stored; one more → INVALID_ARGUMENT`, async () => {
    const userId = 'u'.repeat(MAX_USER_ID_LENGTH);
    await client.AddItem({ userId, item: { productId: 'OLJCESPC7Z', quantity: 1 } }, CALL);
    assert.deepEqual((await client.GetCart({ userId }, CALL)).items, [{ productId: 'OLJCESPC7Z', quantity: 1 }]);
    await assert.rejects(
      client.AddItem({ userId: longerThan(MAX_USER_ID_LENGTH), item: { productId: 'OLJCESPC7Z', quantity: 1 } }, CALL),
      tooLong('user_id', MAX_USER_ID_LENGTH),
    );
  });

  it(`AddItem with a product_id of ${MAX_PRODUCT_ID_LENGTH} characters → stored; one more → INVALID_ARGUMENT`, async () => {
    const productId = 'p'.repeat(MAX_PRODUCT_ID_LENGTH);
    await client.AddItem({ userId: 'bounds-product', item: { productId, quantity: 1 } }, CALL);
    assert.deepEqual((await client.GetCart({ userId: 'bounds-product' }, CALL)).items, [{ productId, quantity: 1 }]);
    await assert.rejects(
      client.AddItem(
        { userId: 'bounds-product', item: { productId: longerThan(MAX_PRODUCT_ID_LENGTH), quantity: 1 } },
        CALL,
      ),
      tooLong('item.product_id', MAX_PRODUCT_ID_LENGTH),
    );
    assert.equal((await client.GetCart({ userId: 'bounds-product' }, CALL)).items.length, 1, 'nothing stored');
  });

  it(`GetCart with a user_id of ${MAX_USER_ID_LENGTH} characters → answered; one more → INVALID_ARGUMENT`, async () => {
    const userId = 'g'.repeat(MAX_USER_ID_LENGTH);
    assert.deepEqual(await client.GetCart({ userId }, CALL), { userId, items: [] });
    await assert.rejects(
      client.GetCart({ userId: longerThan(MAX_USER_ID_LENGTH) }, CALL),
      tooLong('user_id', MAX_USER_ID_LENGTH),
    );
  });

  it(`EmptyCart with a user_id of ${MAX_USER_ID_LENGTH} characters → done; one more → INVALID_ARGUMENT`, async () => {
    assert.deepEqual(await client.EmptyCart({ userId: 'e'.repeat(MAX_USER_ID_LENGTH) }, CALL), {});
    await assert.rejects(
      client.EmptyCart({ userId: longerThan(MAX_USER_ID_LENGTH) }, CALL),
      tooLong('user_id', MAX_USER_ID_LENGTH),
    );
  });

  it('a 1 MB user_id → INVALID_ARGUMENT with a short message, not an echo the client cannot read', async () => {
    await assert.rejects(
      client.AddItem({ userId: 'x'.repeat(1_000_000), item: { productId: 'OLJCESPC7Z', quantity: 1 } }, CALL),
      tooLong('user_id', MAX_USER_ID_LENGTH),
    );
  });
});
