// The OpenTelemetry side of the kit's hook points (metrics.ts). Loaded only when telemetry is on:
// by the preload, or by tests.
import { type Attributes, type Meter, trace } from '@opentelemetry/api';
import type { BusinessSink, RpcObservation, RpcObserver } from './metrics';
import { isValid, type Money, toNanos } from './money';
import { spanAttributesFor } from './span-attributes';

/** The RPC server duration histogram, as the (pre-1.27) RPC semantic conventions name it, in milliseconds. */
export const RPC_SERVER_DURATION = 'rpc.server.duration';

/** Splits "/hipstershop.CartService/AddItem" into service and method. */
function splitPath(path: string): { service: string; method: string } {
  const slash = path.lastIndexOf('/');
  return { service: path.slice(1, slash), method: path.slice(slash + 1) };
}

/**
 * An RPC observer that, for each server call handled by unary(), puts the request's and response's
 * useful fields on the active server span (when it is recording) and, with a meter, records the
 * call's duration in `rpc.server.duration` labelled by rpc.system/service/method and
 * rpc.grpc.status_code: rate, errors and duration (RED) per RPC in one histogram.
 */
export function createRpcObserver(meter: Meter | undefined): RpcObserver {
  const duration = meter?.createHistogram(RPC_SERVER_DURATION, {
    description: 'Duration of inbound gRPC calls, by method and status code',
    unit: 'ms',
  });
  // One frozen label set per (path, code): no per-call allocation for the labels.
  const labels = new Map<string, Attributes>();
  const labelsFor = (path: string, code: number): Attributes => {
    const key = `${path}#${code}`;
    let attributes = labels.get(key);
    if (!attributes) {
      const { service, method } = splitPath(path);
      attributes = Object.freeze({
        'rpc.system': 'grpc',
        'rpc.service': service,
        'rpc.method': method,
        'rpc.grpc.status_code': code,
      });
      labels.set(key, attributes);
    }
    return attributes;
  };

  return (path: string, request: unknown): RpcObservation => {
    const span = trace.getActiveSpan();
    const recording = span?.isRecording() === true;
    const start = duration ? performance.now() : 0;
    return (response, code) => {
      if (recording) span!.setAttributes(spanAttributesFor(splitPath(path).method, request, response));
      duration?.record(performance.now() - start, labelsFor(path, code));
    };
  };
}

const NANOS_PER_USD = 1e9;

/** Business counters on a meter (see `businessMetrics` in metrics.ts for their meaning). */
export function createBusinessSink(meter: Meter): BusinessSink {
  const ordersPlaced = meter.createCounter('app.orders.placed', { description: 'Orders placed' });
  const revenue = meter.createCounter('app.orders.revenue', {
    description: 'Revenue of placed orders (items and shipping) in US dollars',
    unit: 'USD',
  });
  const cartAdditions = meter.createCounter('app.cart.additions', { description: 'Add-to-cart operations' });
  const cartQuantity = meter.createCounter('app.cart.added_quantity', { description: 'Units added to carts' });
  const paymentsRefused = meter.createCounter('app.payments.refused', { description: 'Charges refused, by reason' });
  return {
    orderPlaced(totalUsd: Money) {
      ordersPlaced.add(1);
      // A metric is a float by nature; this is reporting, not a money path.
      if (isValid(totalUsd) && totalUsd.currencyCode === 'USD') revenue.add(Number(toNanos(totalUsd)) / NANOS_PER_USD);
    },
    cartItemAdded(quantity: number) {
      cartAdditions.add(1);
      if (Number.isFinite(quantity) && quantity > 0) cartQuantity.add(quantity);
    },
    paymentRefused(reason: string) {
      paymentsRefused.add(1, { 'app.payment.refusal.reason': reason });
    },
  };
}
