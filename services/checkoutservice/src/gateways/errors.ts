import { deadlineExceeded, isServiceError, status, unavailable } from '@boutique/kit';

/**
 * What a failed downstream call means to checkout's caller: the dependency being down or overloaded
 * is UNAVAILABLE, too slow is DEADLINE_EXCEEDED (both name the dependency, so the cause is visible
 * without reading logs). `refine` decides codes that only the call site can judge (a refused card is
 * the user's INVALID_ARGUMENT; a product missing from the catalog is FAILED_PRECONDITION) by
 * returning an error, or undefined to fall through. Everything else is a bug somewhere: a plain
 * Error that surfaces as INTERNAL with the cause logged.
 */
export function downstreamError(
  err: unknown,
  dependency: string,
  deadlineMs: number,
  refine?: (code: status, details: string) => Error | undefined,
): Error {
  if (!isServiceError(err)) return err instanceof Error ? err : new Error(String(err));
  const refined = refine?.(err.code, err.details);
  if (refined) return refined;
  switch (err.code) {
    case status.UNAVAILABLE:
    case status.RESOURCE_EXHAUSTED:
      return unavailable(`${dependency} is unavailable`, { cause: err });
    case status.DEADLINE_EXCEEDED:
      return deadlineExceeded(`${dependency} did not answer within ${deadlineMs} ms`, { cause: err });
    default:
      return new Error(`${dependency} failed with ${status[err.code]}: ${err.details}`, { cause: err });
  }
}

/** Runs a downstream call and translates its failure with downstreamError. */
export async function call<T>(
  dependency: string,
  deadlineMs: number,
  run: () => Promise<T>,
  refine?: (code: status, details: string) => Error | undefined,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw downstreamError(err, dependency, deadlineMs, refine);
  }
}
