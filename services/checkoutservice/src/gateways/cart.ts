import { createClient, hipstershop } from '@boutique/kit';
import type { CartPort } from '../ports';
import { call } from './errors';

/** The cart service over gRPC, each call bounded by `deadlineMs`. */
export function cartGateway(address: string, deadlineMs: number): CartPort {
  const client = createClient(hipstershop.CartService, address);
  return {
    async getCart(userId) {
      const cart = await call('cart service', deadlineMs, (options) => client.GetCart({ userId }, options));
      return cart.items;
    },
    async emptyCart(userId) {
      await call('cart service', deadlineMs, (options) => client.EmptyCart({ userId }, options));
    },
  };
}
