import { addShutdownHook, initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { openStore } from './open-store';
import { cartService } from './server';

const log = initLogger('cartservice');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const store = await openStore(config, log);
  addShutdownHook(() => store.close());
  await serve({ port: config.port, services: [cartService(store)] });
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
