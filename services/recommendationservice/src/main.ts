import { initLogger, serve } from '@boutique/kit';
import { CatalogCache } from './catalog-cache';
import { loadConfig } from './config';
import { productCatalogGateway } from './gateways/product-catalog';
import { recommendationService } from './server';

const log = initLogger('recommendationservice');

// Everything runs inside the chain so a configuration error is logged like any other start-up failure.
Promise.resolve()
  .then(() => {
    const config = loadConfig(process.env);
    const gateway = productCatalogGateway(config.productCatalogAddr, config.catalogTimeoutMs);
    const catalog = new CatalogCache(gateway.listProductIds, config.catalogCacheTtlMs);
    return serve({ port: config.port, services: [recommendationService({ catalog })] });
  })
  .catch((err: unknown) => {
    log.fatal({ err }, 'recommendationservice failed to start');
    process.exit(1);
  });
