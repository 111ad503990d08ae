import { hipstershop } from '@boutique/kit';
import type { CartItem } from './cart';

// GetCart answers a hipstershop.Cart, so its codec is the contract's binary Cart codec, already loaded
// by the kit with the shop's loader options.
const { responseSerialize, responseDeserialize } = hipstershop.CartService.service.GetCart;

/** A cart as stored: the protobuf `hipstershop.Cart`. */
export interface StoredCart {
  userId: string;
  items: CartItem[];
}

/** Encodes a cart as the binary protobuf `hipstershop.Cart`, the value the original keeps in Redis. */
export function encodeCart(cart: StoredCart): Buffer {
  return Buffer.from(responseSerialize(cart));
}

/**
 * Decodes a stored `hipstershop.Cart`. A zero-length value (what the original's EmptyCart writes) is an
 * empty cart. Throws on bytes that are not a Cart.
 */
export function decodeCart(bytes: Uint8Array): StoredCart {
  const cart = responseDeserialize(Buffer.from(bytes));
  return {
    userId: cart.userId,
    items: cart.items.map(({ productId, quantity }) => ({ productId, quantity })),
  };
}
