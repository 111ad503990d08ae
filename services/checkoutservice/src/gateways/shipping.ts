import { createClient, hipstershop, invalidArgument, status } from '@boutique/kit';
import type { ShippingPort } from '../ports';
import { call, checkedAmount } from './errors';

// Shipping judges the address the user typed (the items come from our own cart), so its
// INVALID_ARGUMENT is the caller's to fix.
const addressRefused = (code: status, details: string) =>
  code === status.INVALID_ARGUMENT ? invalidArgument(`shipping refused the order: ${details}`) : undefined;

/** The shipping service over gRPC: quotes bounded by `quoteDeadlineMs`, shipments by `shipDeadlineMs`. */
export function shippingGateway(address: string, quoteDeadlineMs: number, shipDeadlineMs: number): ShippingPort {
  const client = createClient(hipstershop.ShippingService, address);
  return {
    async quote(shipTo, items) {
      const response = await call(
        'shipping service',
        quoteDeadlineMs,
        (options) => client.GetQuote({ address: shipTo, items }, options),
        addressRefused,
      );
      return checkedAmount(response.costUsd, 'USD', 'shipping service quoted');
    },
    async ship(shipTo, items) {
      // One attempt only: a retried ShipOrder could ship twice.
      const response = await call(
        'shipping service',
        shipDeadlineMs,
        (options) => client.ShipOrder({ address: shipTo, items }, options),
        addressRefused,
      );
      return response.trackingId;
    },
  };
}
