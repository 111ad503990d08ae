import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, hipstershop, initLogger, type Running, serve, status } from '@boutique/kit';
import type { OrderResult } from '@boutique/kit/generated/hipstershop/OrderResult';
import type { ServiceError } from '@grpc/grpc-js';
import { LIMITS } from './confirmation';
import { logMailer } from './mailer';
import { emailService } from './server';

const log = initLogger('emailservice-test', { level: 'silent' });

const CALL = { deadlineMs: 5_000 };

function anOrder(): OrderResult {
  return {
    orderId: '0e1c5a1e-4d7f-4c38-9b8a-8a3b1d7e2f41',
    shippingTrackingId: 'QW-31123-157654321',
    shippingCost: { currencyCode: 'EUR', units: '7', nanos: 952_233_525 },
    shippingAddress: { streetAddress: '1 Main St', city: 'Zürich', state: 'ZH', country: 'Switzerland', zipCode: 8001 },
    items: [{ item: { productId: 'OLJCESPC7Z', quantity: 2 }, cost: { currencyCode: 'EUR', units: '17', nanos: 0 } }],
  };
}

/** INVALID_ARGUMENT naming the field and its limit, with a message short enough for a header. */
const tooLong = (field: string, limit: number) => (err: ServiceError) => {
  assert.equal(err.code, status.INVALID_ARGUMENT, err.details);
  assert.ok(err.details.startsWith(`${field} must be at most ${limit} characters, got "`), err.details);
  assert.ok(err.details.length < 200, err.details);
  return true;
};

describe('EmailService input bounds', () => {
  let running: Running;
  let client: ReturnType<typeof createClient<typeof hipstershop.EmailService.service>>;
  const send = (order: OrderResult, email = 'someone@example.com') =>
    client.SendOrderConfirmation({ email, order }, CALL);
  before(async () => {
    running = await serve({ port: 0, services: [emailService(logMailer(log))], handleSignals: false });
    client = createClient(hipstershop.EmailService, `127.0.0.1:${running.port}`);
  });
  after(async () => {
    client.close();
    await running.shutdown();
  });

  it(`an order_id of ${LIMITS.orderId} characters → sent; one more → INVALID_ARGUMENT`, async () => {
    await send({ ...anOrder(), orderId: 'o'.repeat(LIMITS.orderId) });
    await assert.rejects(send({ ...anOrder(), orderId: 'o'.repeat(LIMITS.orderId + 1) }), (err: ServiceError) => {
      assert.equal(err.code, status.INVALID_ARGUMENT);
      assert.equal(err.details, `order.order_id must be at most ${LIMITS.orderId} printable characters`);
      return true;
    });
  });

  it(`a tracking id of ${LIMITS.trackingId} characters → sent; one more → INVALID_ARGUMENT`, async () => {
    await send({ ...anOrder(), shippingTrackingId: 't'.repeat(LIMITS.trackingId) });
    await assert.rejects(
      send({ ...anOrder(), shippingTrackingId: 't'.repeat(LIMITS.trackingId + 1) }),
      tooLong('order.shipping_tracking_id', LIMITS.trackingId),
    );
  });

  for (const [field, name] of [
    ['streetAddress', 'street_address'],
    ['city', 'city'],
    ['state', 'state'],
    ['country', 'country'],
  ] as const) {
    const limit = LIMITS[field];
    it(`a shipping_address.${name} of ${limit} characters → sent; one more → INVALID_ARGUMENT`, async () => {
      const order = (length: number) => ({
        ...anOrder(),
        shippingAddress: { ...anOrder().shippingAddress, [field]: 'a'.repeat(length) },
      });
      await send(order(limit));
      await assert.rejects(send(order(limit + 1)), tooLong(`order.shipping_address.${name}`, limit));
    });
  }

  it(`a product_id of ${LIMITS.productId} characters → sent; one more → INVALID_ARGUMENT`, async () => {
    const order = (length: number) => ({
      ...anOrder(),
      items: [{ item: { productId: 'p'.repeat(length), quantity: 1 }, cost: anOrder().items![0]!.cost }],
    });
    await send(order(LIMITS.productId));
    await assert.rejects(
      send(order(LIMITS.productId + 1)),
      tooLong('order.items[0].item.product_id', LIMITS.productId),
    );
  });

  it(`${LIMITS.items} lines → sent; one more → INVALID_ARGUMENT`, async () => {
    const order = (lines: number) => ({
      ...anOrder(),
      items: Array.from({ length: lines }, (_, i) => ({
        item: { productId: `P${i}`, quantity: 1 },
        cost: anOrder().items![0]!.cost,
      })),
    });
    await send(order(LIMITS.items));
    await assert.rejects(send(order(LIMITS.items + 1)), (err: ServiceError) => {
      assert.equal(err.code, status.INVALID_ARGUMENT);
      assert.equal(err.details, `order.items must hold at most ${LIMITS.items} lines, got ${LIMITS.items + 1}`);
      return true;
    });
  });

  it('an email of 254 characters → sent; 255 → INVALID_ARGUMENT', async () => {
    await send(anOrder(), emailOfLength(254));
    await assert.rejects(send(anOrder(), emailOfLength(255)), (err: ServiceError) => {
      assert.equal(err.code, status.INVALID_ARGUMENT);
      assert.equal(err.details, 'email is longer than 254 characters');
      return true;
    });
  });
});

/** A valid address of exactly `length` characters: "a@", then domain labels of at most 60 letters, then "com". */
function emailOfLength(length: number): string {
  let remaining = length - 'a@com'.length;
  const labels: string[] = [];
  while (remaining > 0) {
    // Each label takes its letters plus a dot; the last one needs at least one letter.
    const take = remaining > 61 ? (remaining - 61 >= 2 ? 61 : remaining - 2) : remaining;
    labels.push('d'.repeat(take - 1));
    remaining -= take;
  }
  const address = `a@${[...labels, 'com'].join('.')}`;
  assert.equal(address.length, length);
  return address;
}
