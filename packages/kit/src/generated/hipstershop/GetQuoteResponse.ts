// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Money as _hipstershop_Money, Money__Output as _hipstershop_Money__Output } from '../hipstershop/Money';

export interface GetQuoteResponse {
  'costUsd'?: (_hipstershop_Money | null);
}

export interface GetQuoteResponse__Output {
  'costUsd': (_hipstershop_Money__Output | null);
}
