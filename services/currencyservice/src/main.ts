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

main().catch((err: unknown) => {
  log.fatal({ err }, 'start-up failed');
  process.exit(1);
});
