import { isServiceError, type Logger } from '@boutique/kit';

/**
 * Logs failures of an optional dependency (ads, recommendations) without flooding: under load a slow
 * ad service fails every page, so at most one line per interval, with how many were not logged.
 * Only the gRPC code and message are logged (a grpc-js error drags its whole call context along).
 */
export function optionalCallLog(log: Logger, message: string, intervalMs = 10_000, now: () => number = Date.now) {
  let lastLogged = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (err: unknown): void => {
    const time = now();
    if (time - lastLogged < intervalMs) {
      suppressed++;
      return;
    }
    const cause = isServiceError(err)
      ? { code: err.code, details: err.details }
      : { error: err instanceof Error ? err.message : String(err) };
    log.warn({ ...cause, suppressed }, message);
    lastLogged = time;
    suppressed = 0;
  };
}
