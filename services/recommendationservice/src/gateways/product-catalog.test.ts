import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closeAllChannels, createClient, hipstershop, initLogger, isDomainError, serve, unary } from '@boutique/kit';
import type { ProductCatalogServiceHandlers } from '@boutique/kit/generated/hipstershop/ProductCatalogService';
import { productCatalogGateway } from './product-catalog';

initLogger('recommendationservice-test', { level: 'silent' });

describe('productCatalogGateway', () => {
  it('listProductIds → the catalog ids in catalog order', async () => {
    const handlers: ProductCatalogServiceHandlers = {
      ListProducts: unary(() => ({ products: [{ id: 'B' }, { id: 'A' }, { id: 'C' }] })),
      GetProduct: unary(() => ({})),
      SearchProducts: unary(() => ({ results: [] })),
    };
    const catalog = await serve({
      port: 0,
      services: [{ service: hipstershop.ProductCatalogService.service, handlers }],
      handleSignals: false,
    });
    try {
      const client = createClient(hipstershop.ProductCatalogService, `127.0.0.1:${catalog.port}`);
      assert.deepEqual(await productCatalogGateway(client, { deadlineMs: 1_000 }).listProductIds(), ['B', 'A', 'C']);
    } finally {
      closeAllChannels();
      await catalog.shutdown();
    }
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
});
