// The kit's telemetry hook points. This module loads no OpenTelemetry code: the tracing preload
// installs the real implementations (instruments.ts) when telemetry is on; until then every hook is
// undefined and each call site pays one undefined check.
import type { IncomingHttpHeaders } from 'node:http';
import type { Metadata } from '@grpc/grpc-js';
import type { SpanAttributesOf } from './span-attributes';

/** One observed server call or HTTP request, from its start to its end. */
export interface Observation {
  /** Runs `work` with this observation's span active, so log lines and outbound calls join its trace. */
  run<T>(work: () => T): T;
}

/** A gRPC call a server answers. */
export interface ServerCallObservation extends Observation {
  /** Ends the observation, once, with the response (undefined on error) and the gRPC status code. */
  end(response: unknown, code: number, message?: string): void;
}

/**
 * Starts observing a server call as it arrives: `path` is "/demo.OrderService/GetOrder";
 * `spanAttributes` is what the serving service declared for this RPC, if anything.
 */
export type RpcServerObserver = (
  path: string,
  request: unknown,
  metadata: Metadata,
  spanAttributes?: SpanAttributesOf<unknown, unknown>,
) => ServerCallObservation;

/**
 * Starts observing an outbound call to `address` (host:port); may add trace context to `metadata`.
 * Returns how to end it, with the call's gRPC status code.
 */
export type RpcClientObserver = (
  path: string,
  address: string,
  metadata: Metadata,
) => (code: number, message?: string) => void;

/** An HTTP request the process answers. */
export interface HttpObservation extends Observation {
  /** Ends the observation with the matched route (undefined when none matched) and the response status. */
  end(route: string | undefined, status: number): void;
}

/** Starts observing an incoming HTTP request. */
export type HttpServerObserver = (method: string, path: string, headers: IncomingHttpHeaders) => HttpObservation;

/** Attributes of one counter increment (few and repeating: each distinct set is a time series). */
export type CounterAttributes = Readonly<Record<string, string | number>>;

/** How a counter is described to the exporters. */
export interface CounterOptions {
  description: string;
  /** UCUM-style unit, e.g. "USD" or "By"; none for a plain count. */
  unit?: string;
}

/** A counter of the metrics backend. */
export interface CounterInstrument {
  add(value: number, attributes?: CounterAttributes): void;
}

/** Makes the backend's counter for a name (the same name may be asked for more than once). */
export type CounterMaker = (name: string, options: CounterOptions) => CounterInstrument;

export interface TelemetryHooks {
  rpcServer?: RpcServerObserver;
  rpcClient?: RpcClientObserver;
  http?: HttpServerObserver;
  counters?: CounterMaker;
}

let installed: TelemetryHooks = {};

/** Installs the hooks (an empty object removes them all). Called by the preload and by tests. */
export function installTelemetryHooks(hooks: TelemetryHooks): void {
  installed = { ...hooks };
}

/** The observer of calls this process answers (unary() uses it), or undefined when telemetry is off. */
export function rpcServerObserver(): RpcServerObserver | undefined {
  return installed.rpcServer;
}

/** The observer of calls this process makes (createClient() uses it), or undefined when tracing is off. */
export function rpcClientObserver(): RpcClientObserver | undefined {
  return installed.rpcClient;
}

/** The observer of HTTP requests (an HTTP server's first middleware uses it), or undefined when telemetry is off. */
export function httpServerObserver(): HttpServerObserver | undefined {
  return installed.http;
}

/** What makes counters (createCounter() uses it), or undefined when metrics are off. */
export function counterMaker(): CounterMaker | undefined {
  return installed.counters;
}
