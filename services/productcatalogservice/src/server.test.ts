import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  checkHealth,
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  isServiceError,
  type Running,
  serve,
  status,
  type UnaryClient,
} from '@boutique/kit';
import { type Catalog, DEFAULT_CATALOG_FILE, loadCatalogFile } from './catalog';
import { productCatalogService } from './server';

initLogger('productcatalogservice-test', { level: 'silent' });
const call = { deadlineMs: 2_000 };

async function start(catalog: Catalog, extraLatencyMs = 0) {
  const running = await serve({
    port: 0,
    handleSignals: false,
    services: [productCatalogService({ catalog: () => catalog }, extraLatencyMs)],
  });
  const address = `127.0.0.1:${running.port}`;
  return {
    running,
    address,
    client: createClient(hipstershop.ProductCatalogService, address),
  };
}

function rejectsWith(promise: Promise<unknown>, code: status, message: RegExp) {
  return assert.rejects(promise, (err: unknown) => {
    assert.ok(isServiceError(err));
    assert.equal(err.code, code);
    assert.match(err.details, message);
    return true;
  });
}

describe('productcatalogservice over gRPC', () => {
  let catalog: Catalog;
  let running: Running;
  let address: string;
  let client: UnaryClient<typeof hipstershop.ProductCatalogService.service>;

  before(async () => {
    catalog = await loadCatalogFile(DEFAULT_CATALOG_FILE);
    ({ running, address, client } = await start(catalog));
  });

  after(async () => {
    closeAllChannels();
    await running.shutdown();
  });

  it('ListProducts → the nine products in catalog order, prices intact', async () => {
    const { products } = await client.ListProducts({}, call);
    assert.deepEqual(products, catalog.products);
    assert.deepEqual(products[0]?.priceUsd, { currencyCode: 'USD', units: '19', nanos: 990_000_000 });
  });

  it('GetProduct with a known id → that product', async () => {
    assert.deepEqual(await client.GetProduct({ id: '6E92ZMYYFZ' }, call), catalog.get('6E92ZMYYFZ'));
  });

  it('GetProduct with an unknown id → NOT_FOUND naming it', async () => {
    await rejectsWith(client.GetProduct({ id: 'NOPE' }, call), status.NOT_FOUND, /no product with id "NOPE"/);
  });

  it('GetProduct with an id in another case → NOT_FOUND', async () => {
    await rejectsWith(client.GetProduct({ id: '6e92zmyyfz' }, call), status.NOT_FOUND, /6e92zmyyfz/);
  });

  it('GetProduct with an empty id → INVALID_ARGUMENT', async () => {
    await rejectsWith(client.GetProduct({ id: '' }, call), status.INVALID_ARGUMENT, /id is required/);
    await rejectsWith(client.GetProduct({}, call), status.INVALID_ARGUMENT, /id is required/);
  });

  it('SearchProducts with a query → matches in name or description, any case, in order', async () => {
    const { results } = await client.SearchProducts({ query: 'STONEWARE' }, call);
    assert.deepEqual(
      results.map((p) => p.name),
      ['Candle Holder', 'Mug'],
    );
  });

  it('SearchProducts with an empty query → every product', async () => {
    const { results } = await client.SearchProducts({ query: '' }, call);
    assert.equal(results.length, 9);
  });

  it('SearchProducts with no match → an empty list, not an error', async () => {
    assert.deepEqual(await client.SearchProducts({ query: 'spaceship' }, call), { results: [] });
  });

  it('the server keeps serving after bad input', async () => {
    await rejectsWith(client.GetProduct({ id: '' }, call), status.INVALID_ARGUMENT, /id/);
    await rejectsWith(client.GetProduct({ id: 'NOPE' }, call), status.NOT_FOUND, /NOPE/);
    assert.equal((await client.GetProduct({ id: 'OLJCESPC7Z' }, call)).name, 'Sunglasses');
  });

  it('health → SERVING for the server and for hipstershop.ProductCatalogService', async () => {
    assert.equal(await checkHealth(address), 'SERVING');
    assert.equal(await checkHealth(address, 'hipstershop.ProductCatalogService'), 'SERVING');
  });
});

describe('EXTRA_LATENCY', () => {
  it('every catalog RPC waits the extra latency; health does not', async () => {
    const latencyMs = 1_000;
    const { running, address, client } = await start(await loadCatalogFile(DEFAULT_CATALOG_FILE), latencyMs);
    try {
      const started = performance.now();
      const timed = async (rpc: Promise<unknown>) => {
        await rpc;
        return performance.now() - started;
      };
      // All at once: the health check must come back while the catalog RPCs are still waiting.
      const [list, get, search, health] = await Promise.all([
        timed(client.ListProducts({}, { deadlineMs: 10_000 })),
        timed(client.GetProduct({ id: 'OLJCESPC7Z' }, { deadlineMs: 10_000 })),
        timed(client.SearchProducts({ query: 'mug' }, { deadlineMs: 10_000 })),
        timed(checkHealth(address, '', 10_000)),
      ]);
      for (const ms of [list, get, search]) assert.ok(ms >= latencyMs - 5, `answered after ${ms} ms`);
      assert.ok(health < Math.min(list, get, search), `health took ${health} ms`);
    } finally {
      closeAllChannels();
      await running.shutdown();
    }
  });
});
