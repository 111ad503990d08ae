import { type handleUnaryCall, type ServerUnaryCall, status } from '@grpc/grpc-js';
import { rpcServerObserver } from '../telemetry/hooks';
import type { SpanAttributesOf } from '../telemetry/span-attributes';
import { toServiceError } from './status';

export interface UnaryOptions<Req, Res> {
  /**
   * The attributes this RPC adds to its server span, read from its request and response: the
   * service's own knowledge of its messages. Runs only while the span is recorded.
   */
  spanAttributes?: SpanAttributesOf<Req, Res>;
}

/**
 * Adapts a handler to grpc-js: exactly one callback per call, whatever the handler does, and every
 * thrown error (or rejection) mapped to a standard status by toServiceError. A handler that answers
 * synchronously is answered at once, without a trip through the microtask queue (Convert is the
 * busiest call in the shop). With telemetry on, each call is observed here, in one place: its
 * server span (a child of the caller's trace context), with the attributes `options.spanAttributes`
 * declares, and the RED metrics (`rpc.server.duration` by method and status code). With telemetry
 * off that is one undefined check.
 */
export function unary<Req, Res>(
  fn: (request: Req, call: ServerUnaryCall<Req, Res>) => Res | Promise<Res>,
  options: UnaryOptions<Req, Res> = {},
): handleUnaryCall<Req, Res> {
  // The observer hands back the very request and response this handler saw, so the types hold.
  const spanAttributes = options.spanAttributes as SpanAttributesOf<unknown, unknown> | undefined;
  return (call, callback) => {
    const observation = rpcServerObserver()?.(call.getPath(), call.request, call.metadata, spanAttributes);
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
