// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { CartItem as _hipstershop_CartItem, CartItem__Output as _hipstershop_CartItem__Output } from '../hipstershop/CartItem';

export interface Cart {
  'userId'?: (string);
  'items'?: (_hipstershop_CartItem)[];
}

export interface Cart__Output {
  'userId': (string);
  'items': (_hipstershop_CartItem__Output)[];
}
