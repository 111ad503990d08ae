// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Ad as _hipstershop_Ad, Ad__Output as _hipstershop_Ad__Output } from '../hipstershop/Ad';

export interface AdResponse {
  'ads'?: (_hipstershop_Ad)[];
}

export interface AdResponse__Output {
  'ads': (_hipstershop_Ad__Output)[];
}
