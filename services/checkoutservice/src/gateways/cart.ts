import type { UnaryClient } from '@boutique/kit';
import type { CartServiceDefinition } from '@boutique/kit/generated/hipstershop/CartService';
import type { CartPort } from '../ports';
import { callDependency } from './call-dependency';

/** Checkout's view of the cart service: each call bounded by `deadlineMs`. */
export function cartGateway(
  client: UnaryClient<CartServiceDefinition>,
  { deadlineMs }: { deadlineMs: number },
): CartPort {
  return {
    async getCart(userId) {
      const cart = await callDependency('cart service', deadlineMs, (options) => client.GetCart({ userId }, options));
      return cart.items;
    },
    async emptyCart(userId) {
      await callDependency('cart service', deadlineMs, (options) => client.EmptyCart({ userId }, options));
    },
    reachable: () => client.connected({ deadlineMs }),
  };
}
