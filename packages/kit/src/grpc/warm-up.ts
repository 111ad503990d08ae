import { logger } from '../logger';

/**
 * Runs `warmUp` until it succeeds or `cancelled()` turns true, `retryMs` apart; logs the first failure
 * and every 20th after it. (serve() does this with its `warmUp` option; an HTTP server calls it itself.)
 */
export async function warmUpUntilDone(
  warmUp: () => Promise<unknown>,
  retryMs: number,
  cancelled: () => boolean,
): Promise<void> {
  for (let attempt = 1; !cancelled(); attempt++) {
    try {
      const started = performance.now();
      await warmUp();
      logger().info({ attempts: attempt, ms: Math.round(performance.now() - started) }, 'warmed up');
      return;
    } catch (err) {
      if (attempt % 20 === 1) logger().warn({ err, attempt }, 'warm-up failed, retrying; not ready until it succeeds');
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs).unref());
  }
}
