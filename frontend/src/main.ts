import { closeAllChannels, exitOnSignals, initLogger, warmUpUntilDone } from '@boutique/kit';
import { createApp } from './app';
import { connectBackends, DEFAULT_TIMINGS } from './backends';
import { loadConfig, loopbackOrigin } from './config';
import { listen } from './server';
import { warmUp } from './warm-up';

let log = initLogger('frontend');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  log = initLogger('frontend', { level: config.logLevel });
  const backends = connectBackends(config.addrs, log, {
    ...DEFAULT_TIMINGS,
    catalogStaleIfErrorMs: config.catalogStaleIfErrorMs,
  });
  let ready = false;
  let stopping = false;
  const server = await listen(createApp(backends, config, { isReady: () => ready && !stopping }), config);
  log.info({ port: config.port, baseUrl: config.baseUrl }, 'frontend listening, warming up');
  exitOnSignals(async () => {
    stopping = true;
    server.leave();
    if (config.shutdownDelayMs > 0) {
      // Until kube-proxy forgets this pod, new connections may still come: serve them (the readiness
      // probe already fails), then stop accepting.
      log.info({ delayMs: config.shutdownDelayMs }, 'not ready; still serving until the shutdown delay is over');
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    }
    await server.stop();
    closeAllChannels();
  });
  // /_healthz answers 503 until every page type has been rendered with real backends.
  await warmUpUntilDone(
    () => warmUp(loopbackOrigin(config, server.port), backends),
    500,
    () => stopping,
  );
  ready = true;
}

// Configuration is read inside main(), so a bad variable is logged like any start-up failure: one fatal line, exit 1.
main().catch((err: unknown) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
