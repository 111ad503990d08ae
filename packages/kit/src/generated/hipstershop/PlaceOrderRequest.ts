// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Address as _hipstershop_Address, Address__Output as _hipstershop_Address__Output } from '../hipstershop/Address';
import type { CreditCardInfo as _hipstershop_CreditCardInfo, CreditCardInfo__Output as _hipstershop_CreditCardInfo__Output } from '../hipstershop/CreditCardInfo';

export interface PlaceOrderRequest {
  'userId'?: (string);
  /**
   * The currency to price and charge the order in, e.g. "EUR".
   */
  'userCurrency'?: (string);
  'address'?: (_hipstershop_Address | null);
  /**
   * Field number 4 has never been used; keep it free so old and new peers agree.
   */
  'email'?: (string);
  'creditCard'?: (_hipstershop_CreditCardInfo | null);
}

export interface PlaceOrderRequest__Output {
  'userId': (string);
  /**
   * The currency to price and charge the order in, e.g. "EUR".
   */
  'userCurrency': (string);
  'address': (_hipstershop_Address__Output | null);
  /**
   * Field number 4 has never been used; keep it free so old and new peers agree.
   */
  'email': (string);
  'creditCard': (_hipstershop_CreditCardInfo__Output | null);
}
