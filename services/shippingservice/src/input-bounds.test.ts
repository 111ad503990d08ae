import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, hipstershop, initLogger, type Running, serve, status } from '@boutique/kit';
import type { Address } from '@boutique/kit/generated/hipstershop/Address';
import type { ServiceError } from '@grpc/grpc-js';
import { shippingService } from './server';
import { LIMITS } from './validation';

initLogger('shippingservice-test', { level: 'silent' });

const CALL = { deadlineMs: 5_000 };
const ADDRESS: Address = {
  streetAddress: '1 Main St',
  city: 'Springfield',
  state: 'OR',
  country: 'US',
  zipCode: 97403,
};
const ITEMS = [{ productId: 'OLJCESPC7Z', quantity: 1 }];

/** INVALID_ARGUMENT naming the field and its limit, with a message short enough for a header. */
const tooLong = (field: string, limit: number) => (err: ServiceError) => {
  assert.equal(err.code, status.INVALID_ARGUMENT, err.details);
  assert.ok(err.details.startsWith(`${field} must be at most ${limit} characters, got "`), err.details);
  assert.ok(err.details.length < 200, err.details);
  return true;
};

describe('ShippingService input bounds', () => {
  let running: Running;
  let client: ReturnType<typeof createClient<typeof hipstershop.ShippingService.service>>;
  before(async () => {
    running = await serve({ port: 0, services: [shippingService()], handleSignals: false });
    client = createClient(hipstershop.ShippingService, `127.0.0.1:${running.port}`);
  });
  after(async () => {
    client.close();
    await running.shutdown();
  });

  for (const rpc of ['GetQuote', 'ShipOrder'] as const) {
    const call = (address: Address, items = ITEMS) => client[rpc]({ address, items }, CALL);

    for (const [field, name] of [
      ['streetAddress', 'street_address'],
      ['city', 'city'],
      ['state', 'state'],
      ['country', 'country'],
    ] as const) {
      const limit = LIMITS[field];
      it(`${rpc} with address.${name} of ${limit} characters → answered; one more → INVALID_ARGUMENT`, async () => {
        await call({ ...ADDRESS, [field]: 'a'.repeat(limit) });
        await assert.rejects(call({ ...ADDRESS, [field]: 'a'.repeat(limit + 1) }), tooLong(`address.${name}`, limit));
      });
    }

    it(`${rpc} with a product_id of ${LIMITS.productId} characters → answered; one more → INVALID_ARGUMENT`, async () => {
      await call(ADDRESS, [{ productId: 'p'.repeat(LIMITS.productId), quantity: 1 }]);
      await assert.rejects(
        call(ADDRESS, [...ITEMS, { productId: 'p'.repeat(LIMITS.productId + 1), quantity: 1 }]),
        tooLong('items[1].product_id', LIMITS.productId),
      );
    });

    it(`${rpc} with ${LIMITS.items} lines → answered; one more → INVALID_ARGUMENT`, async () => {
      const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ productId: `P${i}`, quantity: 1 }));
      await call(ADDRESS, lines(LIMITS.items));
      await assert.rejects(call(ADDRESS, lines(LIMITS.items + 1)), (err: ServiceError) => {
        assert.equal(err.code, status.INVALID_ARGUMENT);
        assert.equal(err.details, `items must hold at most ${LIMITS.items} lines, got ${LIMITS.items + 1}`);
        return true;
      });
    });
  }

  it('ShipOrder with a 1 MB street address → INVALID_ARGUMENT with a short message', async () => {
    await assert.rejects(
      client.ShipOrder({ address: { ...ADDRESS, streetAddress: 's'.repeat(1_000_000) }, items: ITEMS }, CALL),
      tooLong('address.street_address', LIMITS.streetAddress),
    );
  });
});
