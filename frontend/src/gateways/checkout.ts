import type { UnaryClient } from '@boutique/kit';
import type { CheckoutServiceDefinition } from '@boutique/kit/generated/hipstershop/CheckoutService';
import type { OrderResult__Output } from '@boutique/kit/generated/hipstershop/OrderResult';
import type { PlaceOrderRequest } from '@boutique/kit/generated/hipstershop/PlaceOrderRequest';

export type OrderResult = OrderResult__Output;

export interface CheckoutGateway {
  /** Places the order; INVALID_ARGUMENT / FAILED_PRECONDITION mean the shopper has something to fix. */
  placeOrder(request: PlaceOrderRequest): Promise<OrderResult>;
}

/** The frontend's view of the checkout service. Placing an order charges a card, so it is never retried. */
export function checkoutGateway(
  client: UnaryClient<CheckoutServiceDefinition>,
  { deadlineMs }: { deadlineMs: number },
): CheckoutGateway {
  return {
    placeOrder: async (request) => {
      const { order } = await client.PlaceOrder(request, { deadlineMs });
      if (!order) throw new Error('checkout answered without an order');
      return order;
    },
  };
}
