import { type CallOpts, deadlineExceeded, isServiceError, status, unavailable } from '@boutique/kit';

/**
 * Runs one call to a dependency with its deadline and says what a failure means to checkout's caller:
 * the dependency being down or overloaded is UNAVAILABLE, too slow is DEADLINE_EXCEEDED (both name
 * the dependency, so the cause is visible without reading logs). `refine` decides codes that only the
 * call site can judge (a refused card is the user's INVALID_ARGUMENT; a product missing from the
 * catalog is FAILED_PRECONDITION) by returning an error, or undefined to fall through. Everything
 * else is a bug somewhere: a plain Error that surfaces as INTERNAL with the cause logged.
 */
export async function callDependency<T>(
  dependency: string,
  deadlineMs: number,
  run: (options: CallOpts) => Promise<T>,
  refine?: (code: status, details: string) => Error | undefined,
): Promise<T> {
  try {
    return await run({ deadlineMs });
  } catch (err) {
    if (!isServiceError(err)) throw err instanceof Error ? err : new Error(String(err));
    const refined = refine?.(err.code, err.details);
    if (refined) throw refined;
    switch (err.code) {
      case status.UNAVAILABLE:
      case status.RESOURCE_EXHAUSTED:
        throw unavailable(`${dependency} is unavailable`, { cause: err });
      case status.DEADLINE_EXCEEDED:
        throw deadlineExceeded(`${dependency} did not answer within ${deadlineMs} ms`, { cause: err });
      default:
        throw new Error(`${dependency} failed with ${status[err.code]}: ${err.details}`, { cause: err });
    }
  }
}
