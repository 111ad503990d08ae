import { closeAllChannels, exitOnSignals, initLogger } from '@boutique/kit';
import { createApp } from './app';
import { connectBackends } from './backends';
import { loadConfig } from './config';
import { listen } from './server';

const config = loadConfig(process.env);
const log = initLogger('frontend', { level: config.logLevel });

listen(createApp(connectBackends(config.addrs, log), config), config)
  .then((server) => {
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
