import { initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { connectDeps } from './gateways';
import { checkoutService } from './server';
import { warmUp } from './warm-up';

const log = initLogger('checkoutservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const deps = connectDeps(config.addresses, log, { priceCacheTtlMs: config.priceCacheTtlMs });
  await serve({ port: config.port, services: [checkoutService(deps)], warmUp: () => warmUp(deps) });
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
