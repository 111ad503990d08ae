import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkHealth,
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  notFound,
  type Running,
  serve,
  unary,
} from '@boutique/kit';
import type { ProductCatalogServiceHandlers } from '@boutique/kit/generated/hipstershop/ProductCatalogService';
import { status } from '@grpc/grpc-js';
import { CatalogCache } from './catalog-cache';
import { productCatalogGateway } from './gateways/product-catalog';
import { recommendationService } from './server';

initLogger('recommendationservice-test', { level: 'silent' });
// Longer than any catalog deadline the tests configure, so only the service decides the outcome.
const CALL = { deadlineMs: 5_000 };
const recommendationClient = (port: number) => createClient(hipstershop.RecommendationService, `127.0.0.1:${port}`);

const CATALOG = ['OLJCESPC7Z', '66VCHSJNUP', '1YMWWN1N4O', 'L9ECAV7KIM', '2ZYFJ3GM2N', '0PUK6V6EV0', 'LS4PSXUNUM'];
const product = (id: string) => ({ id, name: id, description: '', picture: '', categories: [] });

/** A real gRPC product catalog whose answers each test sets. */
class FakeCatalog {
  ids: string[] = CATALOG;
  delayMs = 0;
  failure: Error | undefined;
  calls = 0;
  running: Running | undefined;

  async start(port = 0): Promise<number> {
    const handlers: ProductCatalogServiceHandlers = {
      ListProducts: unary(async () => {
        this.calls++;
        if (this.delayMs > 0) await sleep(this.delayMs);
        if (this.failure) throw this.failure;
        return { products: this.ids.map(product) };
      }),
      GetProduct: unary(() => {
        throw notFound('not used by recommendations');
      }),
      SearchProducts: unary(() => ({ results: [] })),
    };
    this.running = await serve({
      port,
      services: [{ service: hipstershop.ProductCatalogService.service, handlers }],
      handleSignals: false,
      graceMs: 100,
    });
    return this.running.port;
  }

  stop(): Promise<void> {
    return this.running!.shutdown();
  }
}

describe('RecommendationService over gRPC, against a real catalog server', () => {
  const catalog = new FakeCatalog();
  let catalogPort: number;
  let now = 0;
  let running: Running;
  let client: ReturnType<typeof recommendationClient>;

  const listRecommendations = async (request: Parameters<typeof client.ListRecommendations>[0]) =>
    (await client.ListRecommendations(request, CALL)).productIds;
  /** Moves the injected clock past the cache TTL, so the next request asks the catalog. */
  const expireCache = () => {
    now += 60_000;
  };

  before(async () => {
    catalogPort = await catalog.start();
    const catalogClient = createClient(hipstershop.ProductCatalogService, `127.0.0.1:${catalogPort}`);
    const gateway = productCatalogGateway(catalogClient, { deadlineMs: 200 });
    const cache = new CatalogCache(gateway.listProductIds, 30_000, () => now);
    running = await serve({
      port: 0,
      services: [recommendationService({ catalog: cache, randomInt: () => 0 })],
      handleSignals: false,
    });
    client = recommendationClient(running.port);
  });
  after(async () => {
    client.close();
    closeAllChannels();
    await running.shutdown();
    await catalog.running?.shutdown();
  });
  beforeEach(() => {
    expireCache();
    catalog.ids = CATALOG;
    catalog.delayMs = 0;
    catalog.failure = undefined;
  });

  it('health for "" and for hipstershop.RecommendationService → SERVING', async () => {
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`), 'SERVING');
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`, 'hipstershop.RecommendationService'), 'SERVING');
  });

  it('ListRecommendations for one product → five other catalog ids', async () => {
    const ids = await listRecommendations({ userId: 'u1', productIds: ['OLJCESPC7Z'] });
    assert.deepEqual(ids, ['66VCHSJNUP', '1YMWWN1N4O', 'L9ECAV7KIM', '2ZYFJ3GM2N', '0PUK6V6EV0']);
  });

  it('ListRecommendations with an empty request → five catalog ids', async () => {
    assert.deepEqual(await listRecommendations({}), CATALOG.slice(0, 5));
  });

  it('ListRecommendations with everything in view → an empty list', async () => {
    assert.deepEqual(await listRecommendations({ productIds: CATALOG }), []);
  });

  it('a catalog of three with one in view → the other two', async () => {
    catalog.ids = ['A', 'B', 'C'];
    assert.deepEqual(await listRecommendations({ productIds: ['B'] }), ['A', 'C']);
  });

  it('odd input (empty ids, unknown ids, 50 000 ids) → answered normally', async () => {
    const productIds = ['', 'not-a-product', ...Array.from({ length: 50_000 }, (_, i) => `x${i}`)];
    assert.deepEqual(await listRecommendations({ userId: '', productIds }), CATALOG.slice(0, 5));
  });

  it('within the cache TTL → the catalog is asked once for two requests', async () => {
    const before = catalog.calls;
    await listRecommendations({});
    await listRecommendations({});
    assert.equal(catalog.calls - before, 1);
  });

  it('catalog slower than the 200 ms deadline → UNAVAILABLE, and the server keeps serving', async () => {
    catalog.delayMs = 1_000;
    const started = performance.now();
    await assert.rejects(listRecommendations({}), {
      code: status.UNAVAILABLE,
      details: `product catalog at 127.0.0.1:${catalogPort} is unavailable (DEADLINE_EXCEEDED)`,
    });
    assert.ok(performance.now() - started < 900, 'the deadline cut the call short');
    catalog.delayMs = 0;
    assert.equal((await listRecommendations({})).length, 5);
  });

  it('catalog answering INTERNAL → INTERNAL with a generic message (a bug, not an outage)', async () => {
    catalog.failure = new Error('catalog bug');
    await assert.rejects(listRecommendations({}), { code: status.INTERNAL, details: 'internal error' });
  });

  it('catalog stopped → UNAVAILABLE; health stays SERVING; a restarted catalog serves again', async () => {
    await catalog.stop();
    await assert.rejects(listRecommendations({}), {
      code: status.UNAVAILABLE,
      details: `product catalog at 127.0.0.1:${catalogPort} is unavailable (UNAVAILABLE)`,
    });
    expireCache();
    await assert.rejects(listRecommendations({}), { code: status.UNAVAILABLE });
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`), 'SERVING');

    await catalog.start(catalogPort);
    // The client's channel reconnects with backoff (about a second), so poll for a bounded time.
    const deadline = performance.now() + 10_000;
    let ids: string[] | undefined;
    while (!ids && performance.now() < deadline) {
      expireCache();
      ids = await listRecommendations({}).catch(() => sleep(100).then(() => undefined));
    }
    assert.deepEqual(ids, CATALOG.slice(0, 5));
  });
});

describe('RecommendationService with a catalog that was never there', () => {
  it('catalog address with nothing listening → UNAVAILABLE quickly', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const catalogClient = createClient(hipstershop.ProductCatalogService, '127.0.0.1:1');
    const gateway = productCatalogGateway(catalogClient, { deadlineMs: 1_000 });
    const running = await serve({
      port: 0,
      services: [recommendationService({ catalog: new CatalogCache(gateway.listProductIds, 30_000) })],
      handleSignals: false,
    });
    const client = recommendationClient(running.port);
    try {
      await assert.rejects(client.ListRecommendations({}, CALL), { code: status.UNAVAILABLE });
    } finally {
      client.close();
      catalogClient.close();
      await running.shutdown();
    }
  });
});
