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

main().catch((err: unknown) => {
  log.fatal({ err }, 'cartservice failed to start');
  process.exit(1);
});
