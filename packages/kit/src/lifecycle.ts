import { logger } from './logger';

type Hook = () => Promise<void> | void;
const hooks: Hook[] = [];
let stopping: Promise<void> | undefined;

/** Registers work to run once on shutdown, after the servers have drained (e.g. flushing telemetry). */
export function addShutdownHook(hook: Hook): void {
  hooks.push(hook);
}

/** Runs every shutdown hook once, in registration order; failures are logged, never thrown. */
export function runShutdownHooks(): Promise<void> {
  stopping ??= (async () => {
    for (const hook of hooks) {
      try {
        await hook();
      } catch (err) {
        logger().warn({ err }, 'shutdown hook failed');
      }
    }
  })();
  return stopping;
}

/**
 * On SIGTERM or SIGINT: runs `stop` (stop accepting, drain), then the shutdown hooks, then exits 0.
 * A second signal exits at once with status 1, for an operator who does not want to wait.
 */
export function exitOnSignals(stop: () => Promise<void>): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      logger().warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    received = true;
    logger().info({ signal }, 'shutting down');
    stop()
      .then(runShutdownHooks)
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger().error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
}
