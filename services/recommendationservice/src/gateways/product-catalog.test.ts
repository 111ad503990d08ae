import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import {
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  isDomainError,
  isServiceError,
  serve,
  status,
  unary,
} from '@boutique/kit';
import type { ProductCatalogServiceHandlers } from '@boutique/kit/generated/hipstershop/ProductCatalogService';
import { productCatalogGateway } from './product-catalog';

initLogger('recommendationservice-test', { level: 'silent' });

/** Serves a catalog whose ListProducts does `list` on a loopback port, runs `test` against it, then stops it. */
async function withCatalog(
  list: () => Promise<{ products: { id: string }[] }>,
  test: (address: string) => Promise<void>,
): Promise<void> {
  const handlers: ProductCatalogServiceHandlers = {
    ListProducts: unary(list),
    GetProduct: unary(() => ({})),
    SearchProducts: unary(() => ({ results: [] })),
  };
  const catalog = await serve({
    port: 0,
    services: [{ service: hipstershop.ProductCatalogService.service, handlers }],
    handleSignals: false,
  });
  try {
    await test(`127.0.0.1:${catalog.port}`);
  } finally {
    closeAllChannels();
    await catalog.shutdown();
  }
}

describe('productCatalogGateway', () => {
  it('listProductIds → the catalog ids in catalog order', async () => {
    await withCatalog(
      async () => ({ products: [{ id: 'B' }, { id: 'A' }, { id: 'C' }] }),
      async (address) => {
        const client = createClient(hipstershop.ProductCatalogService, address);
        assert.deepEqual(await productCatalogGateway(client, { deadlineMs: 1_000 }).listProductIds(), ['B', 'A', 'C']);
      },
    );
  });

  it('nothing listening → an UNAVAILABLE DomainError naming the address', async () => {
    const client = createClient(hipstershop.ProductCatalogService, '127.0.0.1:1');
    const gateway = productCatalogGateway(client, { deadlineMs: 1_000 });
    try {
      await assert.rejects(
        gateway.listProductIds(),
        (err: unknown) => isDomainError(err, 'UNAVAILABLE') && err.message.includes('127.0.0.1:1'),
      );
    } finally {
      client.close();
    }
  });

  it('slower than the deadline → an UNAVAILABLE DomainError naming the address and DEADLINE_EXCEEDED', async () => {
    await withCatalog(
      async () => {
        await delay(600);
        return { products: [{ id: 'A' }] };
      },
      async (address) => {
        const client = createClient(hipstershop.ProductCatalogService, address);
        const started = performance.now();
        await assert.rejects(productCatalogGateway(client, { deadlineMs: 100 }).listProductIds(), (err: unknown) => {
          assert.ok(isDomainError(err, 'UNAVAILABLE'), `not UNAVAILABLE: ${String(err)}`);
          assert.equal(err.message, `product catalog at ${address} is unavailable (DEADLINE_EXCEEDED)`);
          return true;
        });
        assert.ok(performance.now() - started < 500, 'the deadline cut the call short');
      },
    );
  });

  it('a catalog failing otherwise (INTERNAL) → its gRPC error, unchanged', async () => {
    await withCatalog(
      async () => {
        throw new Error('a bug in the catalog');
      },
      async (address) => {
        const client = createClient(hipstershop.ProductCatalogService, address);
        await assert.rejects(productCatalogGateway(client, { deadlineMs: 1_000 }).listProductIds(), (err: unknown) => {
          assert.ok(isServiceError(err), `not a gRPC error: ${String(err)}`);
          assert.deepEqual([err.code, err.details], [status.INTERNAL, 'internal error']);
          return true;
        });
      },
    );
  });
});
