import { initLogger, serve } from '@boutique/kit';
import { loadConfig } from './config';
import { grpcDeps } from './gateways';
import { checkoutService } from './server';

const log = initLogger('checkoutservice');

// Everything runs inside the chain so a configuration error is logged like any other start-up failure.
Promise.resolve()
  .then(() => {
    const config = loadConfig(process.env);
    return serve({
      port: config.port,
      services: [checkoutService(grpcDeps(config.addresses, log, { priceCacheMs: config.priceCacheMs }))],
    });
  })
  .catch((err: unknown) => {
    log.fatal({ err }, 'checkoutservice failed to start');
    process.exit(1);
  });
