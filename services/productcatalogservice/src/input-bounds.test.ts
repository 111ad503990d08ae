import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, hipstershop, initLogger, type Running, serve, status } from '@boutique/kit';
import type { ServiceError } from '@grpc/grpc-js';
import { DEFAULT_CATALOG_FILE, loadCatalogFile } from './catalog';
import { MAX_PRODUCT_ID_LENGTH, MAX_QUERY_LENGTH, productCatalogService } from './server';

initLogger('productcatalogservice-test', { level: 'silent' });

const CALL = { deadlineMs: 5_000 };

/** INVALID_ARGUMENT naming the field and its limit, with a message short enough for a header. */
const tooLong = (field: string, limit: number) => (err: ServiceError) => {
  assert.equal(err.code, status.INVALID_ARGUMENT, err.details);
  assert.match(err.details, new RegExp(`^${field} must be at most ${limit} characters, got "`));
  assert.ok(err.details.length < 200, err.details);
  return true;
};

describe('ProductCatalogService input bounds', () => {
  let running: Running;
  let client: ReturnType<typeof createClient<typeof hipstershop.ProductCatalogService.service>>;
  before(async () => {
    const catalog = await loadCatalogFile(DEFAULT_CATALOG_FILE);
    running = await serve({
      port: 0,
      handleSignals: false,
      services: [productCatalogService({ catalog: () => catalog })],
    });
    client = createClient(hipstershop.ProductCatalogService, `127.0.0.1:${running.port}`);
  });
  after(async () => {
    client.close();
    await running.shutdown();
  });

  it(`GetProduct with an id of ${MAX_PRODUCT_ID_LENGTH} characters → NOT_FOUND quoting 64 of them; one more → INVALID_ARGUMENT`, async () => {
    await assert.rejects(client.GetProduct({ id: 'p'.repeat(MAX_PRODUCT_ID_LENGTH) }, CALL), (err: ServiceError) => {
      assert.equal(err.code, status.NOT_FOUND);
      assert.equal(err.details, `no product with id "${'p'.repeat(64)}"… (64 more characters)`);
      return true;
    });
    await assert.rejects(
      client.GetProduct({ id: 'p'.repeat(MAX_PRODUCT_ID_LENGTH + 1) }, CALL),
      tooLong('id', MAX_PRODUCT_ID_LENGTH),
    );
  });

  it('GetProduct with a 9 kB id → INVALID_ARGUMENT the client can read, not RESOURCE_EXHAUSTED', async () => {
    await assert.rejects(client.GetProduct({ id: 'x'.repeat(9_000) }, CALL), tooLong('id', MAX_PRODUCT_ID_LENGTH));
  });

  it(`SearchProducts with a query of ${MAX_QUERY_LENGTH} characters → answered; one more → INVALID_ARGUMENT`, async () => {
    assert.deepEqual(await client.SearchProducts({ query: 'q'.repeat(MAX_QUERY_LENGTH) }, CALL), { results: [] });
    await assert.rejects(
      client.SearchProducts({ query: 'q'.repeat(MAX_QUERY_LENGTH + 1) }, CALL),
      tooLong('query', MAX_QUERY_LENGTH),
    );
  });
});
