import { initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { shippingService } from './server';

const log = initLogger('shippingservice');

// loadConfig runs inside the chain so a configuration error is logged like any other start-up failure.
Promise.resolve()
  .then(() => serve({ port: loadConfig(process.env).port, services: [shippingService()] }))
  .catch((err: unknown) => {
    log.fatal({ err }, 'shippingservice failed to start');
    process.exit(1);
  });
