import { type handleUnaryCall, type ServerUnaryCall, status } from '@grpc/grpc-js';
import { rpcServerObserver } from '../telemetry-hooks';
import { toServiceError } from './status';

/**
 * Adapts a handler to grpc-js: exactly one callback per call, whatever the handler does, and every
 * thrown error (or rejection) mapped to a standard status by toServiceError. A handler that answers
 * synchronously is answered at once, without a trip through the microtask queue (Convert is the
 * busiest call in the shop). With telemetry on, each call is observed here, in one place: its
 * server span (a child of the caller's trace context), with attributes from the request and
 * response, and the RED metrics (`rpc.server.duration` by method and status code). With telemetry
 * off that is one undefined check.
 */
export function unary<Req, Res>(
  fn: (request: Req, call: ServerUnaryCall<Req, Res>) => Res | Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const observation = rpcServerObserver()?.(call.getPath(), call.request, call.metadata);
    const succeed = (response: Res) => {
      observation?.end(response, status.OK);
      callback(null, response);
    };
    const fail = (err: unknown) => {
      const error = toServiceError(err, call.getPath());
      observation?.end(undefined, error.code ?? status.UNKNOWN, error.details);
      callback(error);
    };
    let result: Res | Promise<Res>;
    try {
      result = observation ? observation.run(() => fn(call.request, call)) : fn(call.request, call);
    } catch (err) {
      fail(err);
      return;
    }
    if (isThenable(result)) result.then(succeed, fail);
    else succeed(result);
  };
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
