// The OpenTelemetry side of the kit's hook points (hooks.ts): spans for the calls a service
// answers and makes and for the HTTP requests it serves, the RED histograms, and the counters
// services declare. Loaded only when telemetry is on: by the preload, or by tests.
//
// Why the kit traces its own transport instead of loading the grpc, http and express
// instrumentations: the kit already owns the one place every call passes through (unary() on the
// server, createClient() on the client), and the generic instrumentations, which must handle every
// way those libraries can be used, cost more: with them, telemetry added 82–93 % to the shop's CPU
// per request, with these hooks 48–70 % (docs/observability.md, "What it costs"). Here a call
// costs one span, one context switch and one histogram sample.
import type { IncomingHttpHeaders } from 'node:http';
import { type Metadata, status } from '@grpc/grpc-js';
import {
  type Attributes,
  type Context,
  context,
  defaultTextMapGetter,
  type Meter,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type {
  CounterMaker,
  HttpObservation,
  HttpServerObserver,
  RpcClientObserver,
  RpcServerObserver,
  ServerCallObservation,
} from './hooks';
import { declaredAttributes } from './span-attributes';

/** The RPC server duration histogram, as the (pre-1.27) RPC semantic conventions name it, in milliseconds. */
export const RPC_SERVER_DURATION = 'rpc.server.duration';
/** The HTTP server duration histogram of the stable HTTP semantic conventions, in seconds. */
export const HTTP_SERVER_DURATION = 'http.server.request.duration';

const GRPC_STATUS_CODE = 'rpc.grpc.status_code';

/** gRPC metadata as a carrier of W3C trace context (`traceparent`, `tracestate`, `baggage`). */
const metadataGetter: TextMapGetter<Metadata> = {
  keys: (metadata) => Object.keys(metadata.getMap()),
  get: (metadata, key) => {
    const values = metadata.get(key);
    if (values.length === 0) return undefined;
    return values.length === 1 ? String(values[0]) : values.map(String);
  },
};
const metadataSetter: TextMapSetter<Metadata> = {
  set: (metadata, key, value) => metadata.set(key, value),
};

interface RpcNames {
  /** "demo.OrderService/GetOrder": the span name the RPC semantic conventions ask for. */
  spanName: string;
  /** rpc.system, rpc.service and rpc.method, frozen: shared by every span of this method. */
  attributes: Attributes;
}

/** Names per method path, computed once: "/demo.OrderService/GetOrder" → service, method, span name. */
function rpcNamesCache(): (path: string) => RpcNames {
  const cache = new Map<string, RpcNames>();
  return (path) => {
    let names = cache.get(path);
    if (!names) {
      const slash = path.lastIndexOf('/');
      const service = path.slice(1, slash);
      const method = path.slice(slash + 1);
      names = {
        spanName: `${service}/${method}`,
        attributes: Object.freeze({ 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method }),
      };
      cache.set(path, names);
    }
    return names;
  };
}

/** A cache of frozen attribute sets: metric labels are few and repeat, so they are built once each. */
function labelCache<Key extends unknown[]>(build: (...key: Key) => Attributes): (...key: Key) => Attributes {
  const cache = new Map<string, Attributes>();
  return (...key) => {
    const id = key.join('\u0000');
    let labels = cache.get(id);
    if (!labels) {
      labels = Object.freeze(build(...key));
      cache.set(id, labels);
    }
    return labels;
  };
}

// A server reports an error for these codes only: the others (NOT_FOUND, INVALID_ARGUMENT, ...) are
// the caller's mistake, answered correctly (OpenTelemetry's gRPC conventions).
const SERVER_ERROR_CODES = new Set<status>([
  status.UNKNOWN,
  status.DEADLINE_EXCEEDED,
  status.UNIMPLEMENTED,
  status.INTERNAL,
  status.UNAVAILABLE,
  status.DATA_LOSS,
]);

const runIn =
  (spanContext: Context) =>
  <T>(work: () => T): T =>
    context.with(spanContext, work);
const runDirectly = <T>(work: () => T): T => work();

/**
 * Observes each call a server answers through unary(): with a tracer, a SERVER span that continues
 * the caller's trace (W3C context from the metadata) and carries the attributes the service declared
 * for that RPC, read from its request and response (span-attributes.ts); with a meter, the call's duration in `rpc.server.duration`
 * labelled by rpc.system/service/method and rpc.grpc.status_code: rate, errors and duration (RED)
 * per RPC in one histogram.
 */
export function createRpcServerObserver(tracer: Tracer | undefined, meter: Meter | undefined): RpcServerObserver {
  const namesOf = rpcNamesCache();
  const duration = meter?.createHistogram(RPC_SERVER_DURATION, {
    description: 'Duration of inbound gRPC calls, by method and status code',
    unit: 'ms',
  });
  const labelsFor = labelCache((path: string, code: number) => ({
    ...namesOf(path).attributes,
    [GRPC_STATUS_CODE]: code,
  }));

  return (path, request, metadata, spanAttributes): ServerCallObservation => {
    const start = duration ? performance.now() : 0;
    let span: Span | undefined;
    let run = runDirectly;
    if (tracer) {
      const names = namesOf(path);
      const parent = propagation.extract(ROOT_CONTEXT, metadata, metadataGetter);
      span = tracer.startSpan(names.spanName, { kind: SpanKind.SERVER, attributes: names.attributes }, parent);
      run = runIn(trace.setSpan(parent, span));
    }
    return {
      run,
      end(response, code, message) {
        if (span?.isRecording()) {
          if (spanAttributes) span.setAttributes(declaredAttributes(spanAttributes, request, response));
          span.setAttribute(GRPC_STATUS_CODE, code);
          if (SERVER_ERROR_CODES.has(code)) span.setStatus({ code: SpanStatusCode.ERROR, message });
        }
        span?.end();
        duration?.record(performance.now() - start, labelsFor(path, code));
      },
    };
  };
}

/**
 * Observes each call made through createClient(): a CLIENT span, child of whatever span is active
 * (the page or the call being served), whose context is written into the call's metadata so the
 * server's span continues the same trace. Any status other than OK marks the span as an error.
 */
export function createRpcClientObserver(tracer: Tracer): RpcClientObserver {
  const namesOf = rpcNamesCache();
  const attributesFor = labelCache((path: string, address: string) => {
    const colon = address.lastIndexOf(':');
    return {
      ...namesOf(path).attributes,
      'server.address': address.slice(0, colon).replace(/^\[|\]$/g, ''),
      'server.port': Number(address.slice(colon + 1)),
    };
  });

  return (path, address, metadata) => {
    const active = context.active();
    const span = tracer.startSpan(
      namesOf(path).spanName,
      { kind: SpanKind.CLIENT, attributes: attributesFor(path, address) },
      active,
    );
    propagation.inject(trace.setSpan(active, span), metadata, metadataSetter);
    return (code, message) => {
      span.setAttribute(GRPC_STATUS_CODE, code);
      if (code !== status.OK) span.setStatus({ code: SpanStatusCode.ERROR, message });
      span.end();
    };
  };
}

/**
 * Observes each HTTP request the process answers: with a tracer, a SERVER span (continuing a W3C
 * context sent by a proxy, else the root of a new trace) named after the matched route
 * ("POST /cart/checkout"); with a meter, `http.server.request.duration` by method, route and status.
 * Responses of 500 and above mark the span as an error.
 */
export function createHttpServerObserver(tracer: Tracer | undefined, meter: Meter | undefined): HttpServerObserver {
  const duration = meter?.createHistogram(HTTP_SERVER_DURATION, {
    description: 'Duration of HTTP requests answered, by route and status',
    unit: 's',
  });
  const labelsFor = labelCache((method: string, route: string | undefined, httpStatus: number) => ({
    'http.request.method': method,
    ...(route === undefined ? {} : { 'http.route': route }),
    'http.response.status_code': httpStatus,
  }));

  return (method, path, headers: IncomingHttpHeaders): HttpObservation => {
    const start = performance.now();
    let span: Span | undefined;
    let run = runDirectly;
    if (tracer) {
      const parent = propagation.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      span = tracer.startSpan(
        method,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': method,
            'url.path': path,
            ...(headers['user-agent'] === undefined ? {} : { 'user_agent.original': headers['user-agent'] }),
          },
        },
        parent,
      );
      run = runIn(trace.setSpan(parent, span));
    }
    return {
      run,
      end(route, httpStatus) {
        if (span?.isRecording()) {
          if (route !== undefined) {
            span.updateName(`${method} ${route}`);
            span.setAttribute('http.route', route);
          }
          span.setAttribute('http.response.status_code', httpStatus);
          if (httpStatus >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span?.end();
        duration?.record((performance.now() - start) / 1000, labelsFor(method, route, httpStatus));
      },
    };
  };
}

/** Makes the counters services declare (createCounter()) on a meter, with their names, units and attributes as given. */
export function createCounterMaker(meter: Meter): CounterMaker {
  return (name, options) => meter.createCounter(name, options);
}
