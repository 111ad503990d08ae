// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Product as _hipstershop_Product, Product__Output as _hipstershop_Product__Output } from '../hipstershop/Product';

export interface SearchProductsResponse {
  'results'?: (_hipstershop_Product)[];
}

export interface SearchProductsResponse__Output {
  'results': (_hipstershop_Product__Output)[];
}
