// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Product as _hipstershop_Product, Product__Output as _hipstershop_Product__Output } from '../hipstershop/Product';

export interface ListProductsResponse {
  'products'?: (_hipstershop_Product)[];
}

export interface ListProductsResponse__Output {
  'products': (_hipstershop_Product__Output)[];
}
