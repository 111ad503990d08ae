// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Money as _hipstershop_Money, Money__Output as _hipstershop_Money__Output } from '../hipstershop/Money';
import type { Address as _hipstershop_Address, Address__Output as _hipstershop_Address__Output } from '../hipstershop/Address';
import type { OrderItem as _hipstershop_OrderItem, OrderItem__Output as _hipstershop_OrderItem__Output } from '../hipstershop/OrderItem';

export interface OrderResult {
  'orderId'?: (string);
  'shippingTrackingId'?: (string);
  /**
   * In the order's currency.
   */
  'shippingCost'?: (_hipstershop_Money | null);
  'shippingAddress'?: (_hipstershop_Address | null);
  'items'?: (_hipstershop_OrderItem)[];
}

export interface OrderResult__Output {
  'orderId': (string);
  'shippingTrackingId': (string);
  /**
   * In the order's currency.
   */
  'shippingCost': (_hipstershop_Money__Output | null);
  'shippingAddress': (_hipstershop_Address__Output | null);
  'items': (_hipstershop_OrderItem__Output)[];
}
