// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { CartItem as _hipstershop_CartItem, CartItem__Output as _hipstershop_CartItem__Output } from '../hipstershop/CartItem';

export interface AddItemRequest {
  'userId'?: (string);
  'item'?: (_hipstershop_CartItem | null);
}

export interface AddItemRequest__Output {
  'userId': (string);
  'item': (_hipstershop_CartItem__Output | null);
}
