import { initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { createConverter } from './convert';
import { loadRates } from './rates';
import { currencyService } from './server';

const log = initLogger('currencyservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const converter = createConverter(loadRates());
  await serve({ port: config.port, services: [currencyService(converter)] });
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
