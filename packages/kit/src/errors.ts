/**
 * The error kinds domain code may throw. Each is named after the standard gRPC status it travels as;
 * the set is closed, so no handler can put a non-standard code on the wire (the original payment
 * service sent status 400).
 */
export type ErrorKind =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'RESOURCE_EXHAUSTED';

/** An expected failure with a message meant for the caller. Domain code throws it without importing grpc-js. */
export class DomainError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DomainError';
    this.kind = kind;
  }
}

/** The request is malformed or breaks a rule; the caller must change it. */
export const invalidArgument = (message: string, options?: { cause?: unknown }) =>
  new DomainError('INVALID_ARGUMENT', message, options);
/** The thing asked for does not exist. */
export const notFound = (message: string, options?: { cause?: unknown }) =>
  new DomainError('NOT_FOUND', message, options);
/** The request is well-formed but the system is not in a state to honour it (e.g. an empty cart at checkout). */
export const failedPrecondition = (message: string, options?: { cause?: unknown }) =>
  new DomainError('FAILED_PRECONDITION', message, options);
/** A dependency cannot be reached right now; retrying later may work. */
export const unavailable = (message: string, options?: { cause?: unknown }) =>
  new DomainError('UNAVAILABLE', message, options);
/** A dependency did not answer in time. */
export const deadlineExceeded = (message: string, options?: { cause?: unknown }) =>
  new DomainError('DEADLINE_EXCEEDED', message, options);

/** Whether a value is a DomainError, optionally of one kind. */
export function isDomainError(err: unknown, kind?: ErrorKind): err is DomainError {
  return err instanceof DomainError && (kind === undefined || err.kind === kind);
}
