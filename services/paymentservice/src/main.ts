import { initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { paymentService } from './server';

const log = initLogger('paymentservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await serve({ port: config.port, services: [paymentService()] });
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
