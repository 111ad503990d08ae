import { type Money, money, type UnaryClient } from '@boutique/kit';
import type { ShippingServiceDefinition } from '@boutique/kit/generated/hipstershop/ShippingService';
import type { CartItem } from './cart';

export interface ShippingGateway {
  /** The shipping cost of the items, in USD (the cart page shows it before an address is known). */
  quote(items: readonly CartItem[]): Promise<Money>;
}

/** The frontend's view of the shipping service. */
export function shippingGateway(
  client: UnaryClient<ShippingServiceDefinition>,
  { deadlineMs }: { deadlineMs: number },
): ShippingGateway {
  return {
    quote: async (items) => {
      const { costUsd } = await client.GetQuote({ items: [...items] }, { deadlineMs });
      money.assertValid(costUsd, 'shipping quote');
      return costUsd;
    },
  };
}
