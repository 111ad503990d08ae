import { initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { adService } from './server';

const log = initLogger('adservice');

// loadConfig runs inside the chain so a configuration error is logged like any other start-up failure.
Promise.resolve()
  .then(() => serve({ port: loadConfig(process.env).port, services: [adService()] }))
  .catch((err: unknown) => {
    log.fatal({ err }, 'adservice failed to start');
    process.exit(1);
  });
