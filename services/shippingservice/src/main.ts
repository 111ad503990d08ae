import { initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { shippingService } from './server';

const log = initLogger('shippingservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await serve({ port: config.port, services: [shippingService()] });
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
