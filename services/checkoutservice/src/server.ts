import { hipstershop, type ServiceEntry, unary } from '@boutique/kit';
import type { CheckoutServiceHandlers } from '@boutique/kit/generated/hipstershop/CheckoutService';
import { placeOrder } from './place-order';
import type { Deps } from './ports';
import { countOrderPlaced, spanAttributes } from './telemetry';

/** The CheckoutService: PlaceOrder over the given dependencies. */
export function checkoutService(deps: Deps): ServiceEntry {
  const handlers: CheckoutServiceHandlers = {
    PlaceOrder: unary(
      async (request) => {
        const { order, total, totalUsd } = await placeOrder(deps, request);
        // Revenue is counted in USD; an order priced in anything else still counts, without revenue.
        countOrderPlaced(totalUsd ?? total);
        return { order };
      },
      { spanAttributes: spanAttributes.PlaceOrder },
    ),
  };
  return { service: hipstershop.CheckoutService.service, handlers };
}
