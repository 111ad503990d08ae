import { invalidArgument, status, type UnaryClient } from '@boutique/kit';
import type { ShippingServiceDefinition } from '@boutique/kit/generated/hipstershop/ShippingService';
import type { ShippingPort } from '../ports';
import { callDependency } from './call-dependency';
import { checkedAmount } from './checked-amount';

export interface ShippingOptions {
  /** Bound on GetQuote, a read. */
  quoteDeadlineMs: number;
  /** Bound on ShipOrder, which sends goods and is never retried. */
  shipDeadlineMs: number;
}

// Shipping judges the address the user typed (the items come from our own cart), so its
// INVALID_ARGUMENT is the caller's to fix.
const addressRefused = (code: status, details: string) =>
  code === status.INVALID_ARGUMENT ? invalidArgument(`shipping refused the order: ${details}`) : undefined;

/** Checkout's view of the shipping service: quotes bounded by `quoteDeadlineMs`, shipments by `shipDeadlineMs`. */
export function shippingGateway(
  client: UnaryClient<ShippingServiceDefinition>,
  { quoteDeadlineMs, shipDeadlineMs }: ShippingOptions,
): ShippingPort {
  return {
    async quote(shipTo, items) {
      const response = await callDependency(
        'shipping service',
        quoteDeadlineMs,
        (options) => client.GetQuote({ address: shipTo, items }, options),
        addressRefused,
      );
      return checkedAmount(response.costUsd, 'USD', 'shipping service quoted');
    },
    async ship(shipTo, items) {
      // One attempt only: a retried ShipOrder could ship twice.
      const response = await callDependency(
        'shipping service',
        shipDeadlineMs,
        (options) => client.ShipOrder({ address: shipTo, items }, options),
        addressRefused,
      );
      return response.trackingId;
    },
    reachable: () => client.connected({ deadlineMs: quoteDeadlineMs }),
  };
}
