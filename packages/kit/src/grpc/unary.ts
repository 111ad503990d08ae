import { type handleUnaryCall, type ServerUnaryCall, status } from '@grpc/grpc-js';
import { rpcObserver } from '../metrics';
import { toServiceError } from './status';

/**
 * Adapts an async handler to grpc-js: exactly one callback per call, whatever the handler does, and
 * every thrown error mapped to a standard status by toServiceError. With telemetry on, each call is
 * also observed in one place: span attributes from the request and response, and the RED metrics
 * (`rpc.server.duration` by method and status code). With telemetry off that is one undefined check.
 */
export function unary<Req, Res>(
  fn: (request: Req, call: ServerUnaryCall<Req, Res>) => Res | Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const observation = rpcObserver()?.(call.getPath(), call.request);
    Promise.resolve()
      .then(() => fn(call.request, call))
      .then(
        (response) => {
          observation?.(response, status.OK);
          callback(null, response);
        },
        (err: unknown) => {
          const error = toServiceError(err, call.getPath());
          observation?.(undefined, error.code ?? status.UNKNOWN);
          callback(error);
        },
      );
  };
}
