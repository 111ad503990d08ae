import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { DomainError } from '../errors';
import { logger } from '../logger';

/** Whether a value is an error reported by grpc-js for an outbound call (it carries a numeric status code). */
export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === 'number' && 'metadata' in err;
}

// Downstream conditions that mean "try again later", which the caller deserves to know as such.
const PASSED_THROUGH = new Set<status>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

/**
 * Maps anything a handler threw to the error grpc-js sends: a DomainError keeps its kind and message;
 * a downstream UNAVAILABLE or DEADLINE_EXCEEDED keeps its code; anything else becomes INTERNAL with a
 * generic message, and its cause is logged with the RPC path (never sent).
 */
export function toServiceError(err: unknown, rpcPath: string): Partial<ServiceError> {
  if (err instanceof DomainError) {
    return { code: status[err.kind], details: err.message, metadata: new Metadata() };
  }
  if (isServiceError(err) && PASSED_THROUGH.has(err.code)) {
    logger().warn({ rpc: rpcPath, err }, 'dependency failed');
    return { code: err.code, details: `a dependency of ${rpcPath} is unavailable`, metadata: new Metadata() };
  }
  logger().error({ rpc: rpcPath, err }, 'internal error');
  return { code: status.INTERNAL, details: 'internal error', metadata: new Metadata() };
}

// gRPC status → HTTP status, for an HTTP front's error pages (the table connect-es and grpc-gateway use).
const HTTP_STATUS: Partial<Record<status, number>> = {
  [status.OK]: 200,
  [status.CANCELLED]: 499,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.UNAVAILABLE]: 503,
  [status.UNAUTHENTICATED]: 401,
};

/** The HTTP status that best describes a gRPC status code; 500 for anything without a better match. */
export function httpStatusFor(code: status): number {
  return HTTP_STATUS[code] ?? 500;
}
