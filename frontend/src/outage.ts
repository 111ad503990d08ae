import { isServiceError, status } from '@boutique/kit';

/**
 * Whether a backend call failed because the service could not be reached or did not answer in time
 * (UNAVAILABLE, DEADLINE_EXCEEDED), as opposed to answering with an error of its own. Only an outage
 * may be papered over with older or simpler data; a wrong answer is reported.
 */
export function isOutage(err: unknown): boolean {
  return isServiceError(err) && (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED);
}
