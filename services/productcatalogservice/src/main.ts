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

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
