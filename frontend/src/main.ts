import { closeAllChannels, exitOnSignals, initLogger, type Logger } from '@boutique/kit';
import { createApp } from './app';
import { connectBackends } from './backends';
import { type Config, loadConfig } from './config';
import { listen } from './server';

let log: Logger = initLogger('frontend');

// Everything runs inside the chain so a configuration error is logged like any other start-up failure.
Promise.resolve()
  .then(async () => {
    const config: Config = loadConfig(process.env);
    log = initLogger('frontend', { level: config.logLevel });
    const server = await listen(createApp(connectBackends(config.addrs, log), config), config);
    log.info({ port: config.port, baseUrl: config.baseUrl }, 'frontend listening');
    exitOnSignals(async () => {
      await server.stop();
      closeAllChannels();
    });
  })
  .catch((err: unknown) => {
    log.fatal({ err }, 'frontend failed to start');
    process.exit(1);
  });
