import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import {
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  type Money,
  notFound,
  type Running,
  serve,
  status,
  unavailable,
} from '@boutique/kit';
import type { ProductCatalogServiceHandlers } from '@boutique/kit/generated/hipstershop/ProductCatalogService';
import { type CatalogOptions, catalogGateway } from './catalog';
import { FakeBehaviour, rejectsAsInternal, rejectsWithKind } from './testing';

initLogger('checkoutservice-test', { level: 'silent' });

const usd = (units: number, nanos: number): Money => ({ currencyCode: 'USD', units: String(units), nanos });

describe('catalogGateway, against a product catalog on a loopback port', () => {
  const fake = new FakeBehaviour();
  let prices: Record<string, Money | null> = {};
  const handlers: ProductCatalogServiceHandlers = {
    ListProducts: fake.answer('ListProducts', () => ({ products: [] })),
    GetProduct: fake.answer('GetProduct', ({ id }) => ({ id, name: id, priceUsd: prices[id], categories: [] })),
    SearchProducts: fake.answer('SearchProducts', () => ({ results: [] })),
  };
  let server: Running;
  const gateway = (options: Partial<CatalogOptions> = {}) =>
    catalogGateway(createClient(hipstershop.ProductCatalogService, `127.0.0.1:${server.port}`), {
      deadlineMs: 1_000,
      ...options,
    });
  const lookups = () => fake.requestsTo('GetProduct').length;

  before(async () => {
    server = await serve({
      port: 0,
      handleSignals: false,
      services: [{ service: hipstershop.ProductCatalogService.service, handlers }],
    });
  });
  beforeEach(() => {
    fake.reset();
    prices = { OLJCESPC7Z: usd(19, 990_000_000), '9SIQT8TOJO': usd(5, 490_000_000) };
  });
  after(async () => {
    closeAllChannels();
    await server.shutdown();
  });

  it("priceOf → the product's USD price, asked for by id", async () => {
    assert.deepEqual(await gateway().priceOf('OLJCESPC7Z'), usd(19, 990_000_000));
    assert.deepEqual(fake.calls, [{ rpc: 'GetProduct', request: { id: 'OLJCESPC7Z' } }]);
  });

  it('a product no longer in the catalog (NOT_FOUND) → FAILED_PRECONDITION naming it', async () => {
    fake.failure = () => notFound('no product with ID "GONE"');
    await rejectsWithKind(
      gateway().priceOf('GONE'),
      'FAILED_PRECONDITION',
      'the cart holds product "GONE", which is no longer in the catalog',
    );
  });

  for (const [what, price, problem] of [
    ['no price', null, 'is missing'],
    ['a price in EUR', { currencyCode: 'EUR', units: '19', nanos: 0 }, 'not in USD'],
    ['nanos out of range', usd(19, 1_000_000_000), 'has nanos 1000000000, outside [-999999999, 999999999]'],
    ['units and nanos of opposite signs', usd(19, -1), 'has units and nanos of opposite signs'],
  ] as const) {
    it(`a product with ${what} → a plain Error saying the catalog priced it wrongly`, async () => {
      prices.BAD = price;
      await rejectsAsInternal(gateway().priceOf('BAD'), `product catalog priced "BAD" wrongly: ${problem}`);
    });
  }

  it('slower than the deadline → DEADLINE_EXCEEDED naming the catalog, without waiting for it', async () => {
    fake.delayMs = 600;
    const started = performance.now();
    await rejectsWithKind(
      gateway({ deadlineMs: 100 }).priceOf('OLJCESPC7Z'),
      'DEADLINE_EXCEEDED',
      'product catalog did not answer within 100 ms',
      status.DEADLINE_EXCEEDED,
    );
    assert.ok(performance.now() - started < 500, 'the deadline cut the call short');
  });

  it('the catalog answering UNAVAILABLE → UNAVAILABLE naming it', async () => {
    fake.failure = () => unavailable('loading');
    await rejectsWithKind(
      gateway().priceOf('OLJCESPC7Z'),
      'UNAVAILABLE',
      'product catalog is unavailable',
      status.UNAVAILABLE,
    );
  });

  it('the catalog failing with INTERNAL → a plain Error with the code', async () => {
    fake.failure = () => new Error('a bug in the catalog');
    await rejectsAsInternal(gateway().priceOf('OLJCESPC7Z'), 'product catalog failed with INTERNAL: internal error');
  });

  describe('caching', () => {
    it('no cacheTtlMs → every lookup asks the catalog', async () => {
      const catalog = gateway();
      await catalog.priceOf('OLJCESPC7Z');
      await catalog.priceOf('OLJCESPC7Z');
      assert.equal(lookups(), 2);
    });

    it('within cacheTtlMs → one call for concurrent and later lookups of a product; another product is asked for', async () => {
      const catalog = gateway({ cacheTtlMs: 60_000 });
      const [first, second] = await Promise.all([catalog.priceOf('OLJCESPC7Z'), catalog.priceOf('OLJCESPC7Z')]);
      const later = await catalog.priceOf('OLJCESPC7Z');
      assert.deepEqual([first, second, later], [usd(19, 990_000_000), usd(19, 990_000_000), usd(19, 990_000_000)]);
      assert.equal(lookups(), 1);
      assert.deepEqual(await catalog.priceOf('9SIQT8TOJO'), usd(5, 490_000_000));
      assert.equal(lookups(), 2);
    });

    it('after cacheTtlMs → asks again and sees the new price', async () => {
      const catalog = gateway({ cacheTtlMs: 30 });
      await catalog.priceOf('OLJCESPC7Z');
      prices.OLJCESPC7Z = usd(17, 0);
      await delay(60);
      assert.deepEqual(await catalog.priceOf('OLJCESPC7Z'), usd(17, 0));
      assert.equal(lookups(), 2);
    });

    it('a failure or a wrong price is not cached', async () => {
      const catalog = gateway({ cacheTtlMs: 60_000 });
      fake.failure = () => unavailable('loading');
      await assert.rejects(catalog.priceOf('OLJCESPC7Z'));
      fake.failure = undefined;
      prices.OLJCESPC7Z = usd(19, -1);
      await assert.rejects(catalog.priceOf('OLJCESPC7Z'));
      prices.OLJCESPC7Z = usd(19, 990_000_000);
      assert.deepEqual(await catalog.priceOf('OLJCESPC7Z'), usd(19, 990_000_000));
      assert.equal(lookups(), 3);
    });
  });
});
