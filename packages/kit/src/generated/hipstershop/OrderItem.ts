// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { CartItem as _hipstershop_CartItem, CartItem__Output as _hipstershop_CartItem__Output } from '../hipstershop/CartItem';
import type { Money as _hipstershop_Money, Money__Output as _hipstershop_Money__Output } from '../hipstershop/Money';

/**
 * One line of a placed order.
 */
export interface OrderItem {
  'item'?: (_hipstershop_CartItem | null);
  /**
   * The price of one unit, in the order's currency (not multiplied by the quantity).
   */
  'cost'?: (_hipstershop_Money | null);
}

/**
 * One line of a placed order.
 */
export interface OrderItem__Output {
  'item': (_hipstershop_CartItem__Output | null);
  /**
   * The price of one unit, in the order's currency (not multiplied by the quantity).
   */
  'cost': (_hipstershop_Money__Output | null);
}
