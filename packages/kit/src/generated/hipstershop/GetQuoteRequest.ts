// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Address as _hipstershop_Address, Address__Output as _hipstershop_Address__Output } from '../hipstershop/Address';
import type { CartItem as _hipstershop_CartItem, CartItem__Output as _hipstershop_CartItem__Output } from '../hipstershop/CartItem';

export interface GetQuoteRequest {
  'address'?: (_hipstershop_Address | null);
  'items'?: (_hipstershop_CartItem)[];
}

export interface GetQuoteRequest__Output {
  'address': (_hipstershop_Address__Output | null);
  'items': (_hipstershop_CartItem__Output)[];
}
