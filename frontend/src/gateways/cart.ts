import type { UnaryClient } from '@boutique/kit';
import type { CartItem__Output } from '@boutique/kit/generated/hipstershop/CartItem';
import type { CartServiceDefinition } from '@boutique/kit/generated/hipstershop/CartService';

export type CartItem = CartItem__Output;

export interface CartGateway {
  /** The items in the shopper's cart (none when there is no cart yet). */
  getCart(userId: string): Promise<readonly CartItem[]>;
  addItem(userId: string, productId: string, quantity: number): Promise<void>;
  emptyCart(userId: string): Promise<void>;
}

/** The frontend's view of the cart service. Carts change with every click, so nothing is cached. */
export function cartGateway(
  client: UnaryClient<CartServiceDefinition>,
  { deadlineMs }: { deadlineMs: number },
): CartGateway {
  return {
    getCart: async (userId) => (await client.GetCart({ userId }, { deadlineMs })).items,
    addItem: async (userId, productId, quantity) => {
      await client.AddItem({ userId, item: { productId, quantity } }, { deadlineMs });
    },
    emptyCart: async (userId) => {
      await client.EmptyCart({ userId }, { deadlineMs });
    },
  };
}
