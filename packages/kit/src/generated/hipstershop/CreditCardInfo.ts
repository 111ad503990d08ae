// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface CreditCardInfo {
  /**
   * 12 to 19 digits; spaces and dashes are ignored.
   */
  'creditCardNumber'?: (string);
  'creditCardCvv'?: (number);
  /**
   * Four-digit year, e.g. 2030.
   */
  'creditCardExpirationYear'?: (number);
  /**
   * 1 (January) to 12 (December). A card is valid through the end of its expiry month.
   */
  'creditCardExpirationMonth'?: (number);
}

export interface CreditCardInfo__Output {
  /**
   * 12 to 19 digits; spaces and dashes are ignored.
   */
  'creditCardNumber': (string);
  'creditCardCvv': (number);
  /**
   * Four-digit year, e.g. 2030.
   */
  'creditCardExpirationYear': (number);
  /**
   * 1 (January) to 12 (December). A card is valid through the end of its expiry month.
   */
  'creditCardExpirationMonth': (number);
}
