// The kit's telemetry hook points. This module loads no OpenTelemetry code: the tracing preload
// installs the real implementations (instruments.ts) when telemetry is on; until then every call
// here is a no-op costing one undefined check.
import type { Money } from './money';

/** Ends the observation of one server call with its response (undefined on error) and gRPC status code. */
export type RpcObservation = (response: unknown, code: number) => void;

/** Starts observing one server call, inside its server span; returns how to end it. */
export type RpcObserver = (path: string, request: unknown) => RpcObservation;

/** Where the shop's business counters go when metrics are on. */
export interface BusinessSink {
  orderPlaced(totalUsd: Money): void;
  cartItemAdded(quantity: number): void;
  paymentRefused(reason: string): void;
}

let observer: RpcObserver | undefined;
let business: BusinessSink | undefined;

/** The installed RPC observer, or undefined when telemetry is off (unary() then does nothing extra). */
export function rpcObserver(): RpcObserver | undefined {
  return observer;
}

/** Installs (or, with undefined, removes) the RPC observer and the business sink. Called by the preload and tests. */
export function installTelemetryHooks(hooks: { rpc?: RpcObserver; business?: BusinessSink }): void {
  observer = hooks.rpc;
  business = hooks.business;
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
    business?.orderPlaced(totalUsd);
  },
  cartItemAdded(quantity: number): void {
    business?.cartItemAdded(quantity);
  },
  paymentRefused(reason: string): void {
    business?.paymentRefused(reason);
  },
};
