import { readEnv } from './config';
import { logger } from './logger';

/**
 * SHUTDOWN_DELAY: how long a process that was told to stop keeps serving, while its health already
 * says it is going, before it drains. Until then its address may still be handed out: kube-proxy rules
 * and DNS answers (a headless Service's, cached for the DNS TTL) take a moment to forget a terminating
 * pod, and a caller dialling it meanwhile must still find it listening. Default 0: stop at once (local
 * runs, tests); the chart and the manifests set it above the cluster's DNS TTL.
 */
export function shutdownDelayFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const read = readEnv(env);
  const ms = read.duration('SHUTDOWN_DELAY', 0);
  read.done();
  return ms;
}

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
