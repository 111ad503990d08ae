import { initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { adService } from './server';

const log = initLogger('adservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await serve({ port: config.port, services: [adService()] });
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
