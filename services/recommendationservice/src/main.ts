import { createClient, hipstershop, initLogger, serve } from '@boutique/kit';
import { CatalogCache } from './catalog-cache';
import { loadConfig } from './config';
import { productCatalogGateway } from './gateways/product-catalog';
import { recommendationService } from './server';

const log = initLogger('recommendationservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const client = createClient(hipstershop.ProductCatalogService, config.productCatalogAddr);
  const gateway = productCatalogGateway(client, { deadlineMs: config.catalogDeadlineMs });
  const catalog = new CatalogCache(gateway.listProductIds, config.catalogCacheTtlMs);
  // NOT_SERVING until the catalog has answered once: the first shoppers then find the ids cached.
  await serve({
    port: config.port,
    services: [recommendationService({ catalog })],
    warmUp: () => catalog.productIds(),
  });
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
