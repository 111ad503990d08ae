import { initLogger, serve } from '@boutique/kit';
import { loadCatalogFile } from './catalog';
import { CatalogStore, watchReloadSignals } from './catalog-store';
import { loadConfig } from './config';
import { productCatalogService } from './server';

const log = initLogger('productcatalogservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const load = () => loadCatalogFile(config.catalogFile);
  const store = new CatalogStore(await load(), load, log);
  watchReloadSignals(store);
  await serve({ port: config.port, services: [productCatalogService(store, config.extraLatencyMs)] });
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'start-up failed');
  process.exit(1);
});
