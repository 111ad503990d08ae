import { PROTO_PATH } from '@boutique/kit';
import protobuf from 'protobufjs';
import type { CartItem } from './cart';

// The same contract file the gRPC layer loads; protobufjs gives us the binary codec for one message.
const CART = protobuf.loadSync(PROTO_PATH).lookupType('hipstershop.Cart');

/** A cart as stored: the protobuf `hipstershop.Cart`. */
export interface StoredCart {
  userId: string;
  items: CartItem[];
}

/** Encodes a cart as the binary protobuf `hipstershop.Cart`, the value the original keeps in Redis. */
export function encodeCart(cart: StoredCart): Buffer {
  return Buffer.from(CART.encode(CART.fromObject(cart)).finish());
}

/**
 * Decodes a stored `hipstershop.Cart`. A zero-length value (what the original's EmptyCart writes) is an
 * empty cart. Throws on bytes that are not a Cart.
 */
export function decodeCart(bytes: Uint8Array): StoredCart {
  const cart = CART.toObject(CART.decode(bytes), { defaults: true }) as {
    userId: string;
    items: { productId: string; quantity: number }[];
  };
  return {
    userId: cart.userId,
    items: cart.items.map(({ productId, quantity }) => ({ productId, quantity })),
  };
}
