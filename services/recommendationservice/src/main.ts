import { createClient, hipstershop, initLogger, serve } from '@boutique/kit';
import { CatalogCache } from './catalog-cache';
import { loadConfig } from './config';
import { productCatalogGateway } from './gateways/product-catalog';
import { recommendationService } from './server';

const log = initLogger('recommendationservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // The product list is a read: retried on UNAVAILABLE; a catalog that keeps failing is not waited on.
  const client = createClient(hipstershop.ProductCatalogService, config.productCatalogAddr, {
    retryable: ['ListProducts'],
    breaker: { failureThreshold: 10, coolDownMs: 500 },
  });
  const gateway = productCatalogGateway(client, { deadlineMs: config.catalogDeadlineMs });
  const catalog = new CatalogCache(gateway.listProductIds, config.catalogCacheTtlMs);
  // NOT_SERVING until the catalog has answered once: the first shoppers then find the ids cached. The
  // connection comes first, sending nothing: reads that fail while the catalog is still starting would
  // spend the channel's retry budget.
  await serve({
    port: config.port,
    services: [recommendationService({ catalog })],
    warmUp: async () => {
      await client.connected({ deadlineMs: config.catalogDeadlineMs });
      await catalog.productIds();
    },
  });
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
