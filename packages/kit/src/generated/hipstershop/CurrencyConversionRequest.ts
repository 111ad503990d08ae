// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Money as _hipstershop_Money, Money__Output as _hipstershop_Money__Output } from '../hipstershop/Money';

export interface CurrencyConversionRequest {
  'from'?: (_hipstershop_Money | null);
  /**
   * The target currency, e.g. "EUR".
   */
  'toCode'?: (string);
}

export interface CurrencyConversionRequest__Output {
  'from': (_hipstershop_Money__Output | null);
  /**
   * The target currency, e.g. "EUR".
   */
  'toCode': (string);
}
