import { hipstershop, type ServiceEntry, unary } from '@boutique/kit';
import type { CheckoutServiceHandlers } from '@boutique/kit/generated/hipstershop/CheckoutService';
import { placeOrder } from './place-order';
import type { Deps } from './ports';

/** The CheckoutService: PlaceOrder over the given dependencies. */
export function checkoutService(deps: Deps): ServiceEntry {
  const handlers: CheckoutServiceHandlers = {
    PlaceOrder: unary(async (request) => {
      const { order } = await placeOrder(deps, request);
      return { order };
    }),
  };
  return { service: hipstershop.CheckoutService.service, handlers };
}
