import { createClient, hipstershop, invalidArgument, money, status } from '@boutique/kit';
import type { ShippingPort } from '../ports';
import { call } from './errors';

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
        () => client.GetQuote({ address: shipTo, items }, { deadlineMs: quoteDeadlineMs }),
        addressRefused,
      );
      const problem = money.problemWith(response.costUsd);
      if (problem !== undefined || response.costUsd!.currencyCode !== 'USD') {
        throw new Error(`shipping service quoted wrongly: ${problem ?? 'not in USD'}`);
      }
      return response.costUsd!;
    },
    async ship(shipTo, items) {
      // One attempt only: a retried ShipOrder could ship twice.
      const response = await call(
        'shipping service',
        shipDeadlineMs,
        () => client.ShipOrder({ address: shipTo, items }, { deadlineMs: shipDeadlineMs }),
        addressRefused,
      );
      return response.trackingId;
    },
  };
}
