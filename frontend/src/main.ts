import { closeAllChannels, exitOnSignals, initLogger } from '@boutique/kit';
import { createApp } from './app';
import { connectBackends } from './backends';
import { loadConfig } from './config';
import { listen } from './server';

let log = initLogger('frontend');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  log = initLogger('frontend', { level: config.logLevel });
  const server = await listen(createApp(connectBackends(config.addrs, log), config), config);
  log.info({ port: config.port, baseUrl: config.baseUrl }, 'frontend listening');
  exitOnSignals(async () => {
    await server.stop();
    closeAllChannels();
  });
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
