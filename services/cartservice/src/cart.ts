import { invalidArgument, quoteInput, requireMaxLength } from '@boutique/kit';
import type { AddItemRequest__Output } from '@boutique/kit/generated/hipstershop/AddItemRequest';

/** One line of a cart: a product and how many of it. */
export interface CartItem {
  productId: string;
  quantity: number;
}

/** The largest quantity a line can hold: `CartItem.quantity` is an int32. */
export const MAX_QUANTITY = 2_147_483_647;

/** Longest user id accepted: the frontend's session ids are 36-character UUIDs. */
export const MAX_USER_ID_LENGTH = 128;
/** Longest product id accepted: the catalog's ids are 10 characters. */
export const MAX_PRODUCT_ID_LENGTH = 128;

/** Returns the user id, or throws INVALID_ARGUMENT when it is empty or longer than MAX_USER_ID_LENGTH. */
export function requireUserId(userId: string): string {
  if (userId === '') throw invalidArgument('user_id is required');
  return requireMaxLength('user_id', userId, MAX_USER_ID_LENGTH);
}

/** Checks an AddItem request and returns its parts; INVALID_ARGUMENT names the first problem. */
export function validateAddItem(request: AddItemRequest__Output): {
  userId: string;
  productId: string;
  quantity: number;
} {
  const userId = requireUserId(request.userId);
  const { item } = request;
  if (!item) throw invalidArgument('item is required');
  if (item.productId === '') throw invalidArgument('item.product_id is required');
  requireMaxLength('item.product_id', item.productId, MAX_PRODUCT_ID_LENGTH);
  if (!Number.isInteger(item.quantity) || item.quantity < 1) {
    throw invalidArgument(`item.quantity must be at least 1, got ${item.quantity}`);
  }
  return { userId, productId: item.productId, quantity: item.quantity };
}

/**
 * The lines after adding `quantity` of a product: added to its line when there is one, appended
 * otherwise. Throws INVALID_ARGUMENT when the line's total would exceed MAX_QUANTITY.
 */
export function withItemAdded(items: readonly CartItem[], productId: string, quantity: number): CartItem[] {
  const index = items.findIndex((item) => item.productId === productId);
  if (index === -1) return [...items, { productId, quantity }];
  const total = items[index]!.quantity + quantity;
  if (total > MAX_QUANTITY) {
    throw invalidArgument(
      `quantity of product ${quoteInput(productId)} would be ${total}, above the maximum of ${MAX_QUANTITY} (the cart is unchanged)`,
    );
  }
  return items.map((item, i) => (i === index ? { productId, quantity: total } : item));
}

/**
 * Lines as they should be served: one per product (duplicates merged, capped at MAX_QUANTITY) and
 * none with a quantity below 1. Our own writes already satisfy this; a cart written by the original,
 * which never validated quantities, may not.
 */
export function normalizeItems(items: readonly CartItem[]): CartItem[] {
  const merged = new Map<string, number>();
  for (const { productId, quantity } of items) {
    if (quantity < 1) continue;
    merged.set(productId, Math.min((merged.get(productId) ?? 0) + quantity, MAX_QUANTITY));
  }
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}
