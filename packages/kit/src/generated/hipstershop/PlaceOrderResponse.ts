// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { OrderResult as _hipstershop_OrderResult, OrderResult__Output as _hipstershop_OrderResult__Output } from '../hipstershop/OrderResult';

export interface PlaceOrderResponse {
  'order'?: (_hipstershop_OrderResult | null);
}

export interface PlaceOrderResponse__Output {
  'order': (_hipstershop_OrderResult__Output | null);
}
