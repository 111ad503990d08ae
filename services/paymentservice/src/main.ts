import { initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { paymentService } from './server';

const log = initLogger('paymentservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await serve({ port: config.port, services: [paymentService()] });
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'paymentservice failed to start');
  process.exit(1);
});
