// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Money as _hipstershop_Money, Money__Output as _hipstershop_Money__Output } from '../hipstershop/Money';
import type { CreditCardInfo as _hipstershop_CreditCardInfo, CreditCardInfo__Output as _hipstershop_CreditCardInfo__Output } from '../hipstershop/CreditCardInfo';

export interface ChargeRequest {
  /**
   * Zero or positive.
   */
  'amount'?: (_hipstershop_Money | null);
  'creditCard'?: (_hipstershop_CreditCardInfo | null);
}

export interface ChargeRequest__Output {
  /**
   * Zero or positive.
   */
  'amount': (_hipstershop_Money__Output | null);
  'creditCard': (_hipstershop_CreditCardInfo__Output | null);
}
