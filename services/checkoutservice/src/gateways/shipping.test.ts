import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import {
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  invalidArgument,
  type Money,
  type Running,
  serve,
  status,
  unavailable,
} from '@boutique/kit';
import type { ShippingServiceHandlers } from '@boutique/kit/generated/hipstershop/ShippingService';
import type { Address } from '../ports';
import { type ShippingOptions, shippingGateway } from './shipping';
import { FakeBehaviour, rejectsAsInternal, rejectsWithKind } from './testing';

initLogger('checkoutservice-test', { level: 'silent' });

const ADDRESS: Address = {
  streetAddress: '12 Harbour Lane',
  city: 'Springfield',
  state: 'OR',
  country: 'United States',
  zipCode: 97403,
};
const ITEMS = [
  { productId: 'OLJCESPC7Z', quantity: 2 },
  { productId: '9SIQT8TOJO', quantity: 1 },
];

describe('shippingGateway, against a shipping service on a loopback port', () => {
  const fake = new FakeBehaviour();
  let quote: Money | null = null;
  const handlers: ShippingServiceHandlers = {
    GetQuote: fake.answer('GetQuote', () => ({ costUsd: quote })),
    ShipOrder: fake.answer('ShipOrder', () => ({ trackingId: 'KD-21402-108765432' })),
  };
  let server: Running;
  const gateway = (options: Partial<ShippingOptions> = {}) =>
    shippingGateway(createClient(hipstershop.ShippingService, `127.0.0.1:${server.port}`), {
      quoteDeadlineMs: 1_000,
      shipDeadlineMs: 1_000,
      ...options,
    });

  before(async () => {
    server = await serve({
      port: 0,
      handleSignals: false,
      services: [{ service: hipstershop.ShippingService.service, handlers }],
    });
  });
  beforeEach(() => {
    fake.reset();
    quote = { currencyCode: 'USD', units: '8', nanos: 990_000_000 };
  });
  after(async () => {
    closeAllChannels();
    await server.shutdown();
  });

  it('quote → the cost in USD, for the address and items given', async () => {
    assert.deepEqual(await gateway().quote(ADDRESS, ITEMS), { currencyCode: 'USD', units: '8', nanos: 990_000_000 });
    assert.deepEqual(fake.calls, [{ rpc: 'GetQuote', request: { address: ADDRESS, items: ITEMS } }]);
  });

  it('ship → the tracking id, for the address and items given', async () => {
    assert.equal(await gateway().ship(ADDRESS, ITEMS), 'KD-21402-108765432');
    assert.deepEqual(fake.calls, [{ rpc: 'ShipOrder', request: { address: ADDRESS, items: ITEMS } }]);
  });

  for (const [what, cost, problem] of [
    ['no cost', null, 'is missing'],
    ['a cost in EUR', { currencyCode: 'EUR', units: '8', nanos: 0 }, 'not in USD'],
    [
      'a negative nanos with positive units',
      { currencyCode: 'USD', units: '8', nanos: -1 },
      'has units and nanos of opposite signs',
    ],
  ] as const) {
    it(`a quote with ${what} → a plain Error saying shipping quoted wrongly`, async () => {
      quote = cost;
      await rejectsAsInternal(gateway().quote(ADDRESS, ITEMS), `shipping service quoted wrongly: ${problem}`);
    });
  }

  it('the address refused (INVALID_ARGUMENT) → INVALID_ARGUMENT for the caller, on quote and on ship', async () => {
    fake.failure = () => invalidArgument('address.country is required');
    const shipping = gateway();
    await rejectsWithKind(
      shipping.quote(ADDRESS, ITEMS),
      'INVALID_ARGUMENT',
      'shipping refused the order: address.country is required',
    );
    await rejectsWithKind(
      shipping.ship(ADDRESS, ITEMS),
      'INVALID_ARGUMENT',
      'shipping refused the order: address.country is required',
    );
  });

  it('quote and ship have their own deadlines: a 300 ms answer is too slow for a quote, not for a shipment', async () => {
    fake.delayMs = 300;
    const shipping = gateway({ quoteDeadlineMs: 100, shipDeadlineMs: 2_000 });
    await rejectsWithKind(
      shipping.quote(ADDRESS, ITEMS),
      'DEADLINE_EXCEEDED',
      'shipping service did not answer within 100 ms',
      status.DEADLINE_EXCEEDED,
    );
    assert.equal(await shipping.ship(ADDRESS, ITEMS), 'KD-21402-108765432');
  });

  it('ship slower than its deadline → DEADLINE_EXCEEDED, and ShipOrder is not retried', async () => {
    fake.delayMs = 400;
    await rejectsWithKind(
      gateway({ shipDeadlineMs: 100 }).ship(ADDRESS, ITEMS),
      'DEADLINE_EXCEEDED',
      'shipping service did not answer within 100 ms',
      status.DEADLINE_EXCEEDED,
    );
    await delay(500); // the slow shipment has finished: a retry would have arrived by now
    assert.equal(fake.requestsTo('ShipOrder').length, 1);
  });

  it('the shipping service answering UNAVAILABLE → UNAVAILABLE naming it, and ShipOrder is not retried', async () => {
    fake.failure = () => unavailable('restarting');
    await rejectsWithKind(
      gateway().ship(ADDRESS, ITEMS),
      'UNAVAILABLE',
      'shipping service is unavailable',
      status.UNAVAILABLE,
    );
    assert.equal(fake.requestsTo('ShipOrder').length, 1);
  });

  it('the shipping service failing with INTERNAL → a plain Error with the code', async () => {
    fake.failure = () => new Error('a bug in shipping');
    await rejectsAsInternal(gateway().ship(ADDRESS, ITEMS), 'shipping service failed with INTERNAL: internal error');
  });
});
