// The kit's telemetry hook points. This module loads no OpenTelemetry code: the tracing preload
// installs the real implementations (instruments.ts) when telemetry is on; until then every hook is
// undefined and each call site pays one undefined check.
import type { IncomingHttpHeaders } from 'node:http';
import type { Metadata } from '@grpc/grpc-js';
import type { Money } from './money';

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

/** Starts observing a server call as it arrives: `path` is "/hipstershop.CartService/GetCart". */
export type RpcServerObserver = (path: string, request: unknown, metadata: Metadata) => ServerCallObservation;

/**
 * Starts observing an outbound call to `address` (host:port); may add trace context to `metadata`.
 * Returns how to end it, with the call's gRPC status code.
 */
export type RpcClientObserver = (
  path: string,
  address: string,
  metadata: Metadata,
) => (code: number, message?: string) => void;

/** An HTTP request the frontend answers. */
export interface HttpObservation extends Observation {
  /** Ends the observation with the matched route (undefined when none matched) and the response status. */
  end(route: string | undefined, status: number): void;
}

/** Starts observing an incoming HTTP request. */
export type HttpServerObserver = (method: string, path: string, headers: IncomingHttpHeaders) => HttpObservation;

/** Where the shop's business counters go when metrics are on. */
export interface BusinessSink {
  orderPlaced(totalUsd: Money): void;
  cartItemAdded(quantity: number): void;
  paymentRefused(reason: string): void;
}

export interface TelemetryHooks {
  rpcServer?: RpcServerObserver;
  rpcClient?: RpcClientObserver;
  http?: HttpServerObserver;
  business?: BusinessSink;
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

/** The observer of HTTP requests (the frontend's first middleware uses it), or undefined when telemetry is off. */
export function httpServerObserver(): HttpServerObserver | undefined {
  return installed.http;
}

/**
 * The shop's business counters, exported with the other metrics; no-ops when metrics are off.
 * - `orderPlaced(totalUsd)`: `app.orders.placed` +1 and `app.orders.revenue` (USD) += the order's
 *   total in USD (items at their catalog USD price plus the USD shipping quote). A total in another
 *   currency still counts the order but adds no revenue (converting here would hide a caller's bug).
 * - `cartItemAdded(quantity)`: `app.cart.additions` +1 and `app.cart.added_quantity` += quantity.
 * - `paymentRefused(reason)`: `app.payments.refused` +1 with `app.payment.refusal.reason`; the reason
 *   is a short fixed code (e.g. `invalid_number`, `expired`, `unsupported_type`), never card data.
 */
export const businessMetrics = {
  orderPlaced(totalUsd: Money): void {
    installed.business?.orderPlaced(totalUsd);
  },
  cartItemAdded(quantity: number): void {
    installed.business?.cartItemAdded(quantity);
  },
  paymentRefused(reason: string): void {
    installed.business?.paymentRefused(reason);
  },
};
