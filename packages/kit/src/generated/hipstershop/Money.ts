// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Long } from '@grpc/proto-loader';

/**
 * An amount of money in one currency, exact to the nano (10^-9) unit.
 * 
 * The amount is units + nanos / 10^9, and both parts carry the sign:
 * - nanos lies in [-999,999,999, +999,999,999];
 * - when units is positive, nanos is zero or positive; when units is negative, nanos is zero or
 * negative; when units is zero, nanos may have either sign.
 * Examples: 19.99 USD is {currency_code: "USD", units: 19, nanos: 990000000};
 * -1.75 EUR is {currency_code: "EUR", units: -1, nanos: -750000000};
 * -0.25 GBP is {currency_code: "GBP", units: 0, nanos: -250000000}.
 * Any other combination is invalid and is answered with INVALID_ARGUMENT.
 */
export interface Money {
  /**
   * The three-letter upper-case ISO 4217 code, e.g. "USD".
   */
  'currencyCode'?: (string);
  /**
   * The whole units of the amount. For 1.50 USD, units is 1.
   */
  'units'?: (number | string | Long);
  /**
   * The nano (10^-9) units of the amount, with the same sign as units (see above).
   * For 1.50 USD, nanos is 500000000.
   */
  'nanos'?: (number);
}

/**
 * An amount of money in one currency, exact to the nano (10^-9) unit.
 * 
 * The amount is units + nanos / 10^9, and both parts carry the sign:
 * - nanos lies in [-999,999,999, +999,999,999];
 * - when units is positive, nanos is zero or positive; when units is negative, nanos is zero or
 * negative; when units is zero, nanos may have either sign.
 * Examples: 19.99 USD is {currency_code: "USD", units: 19, nanos: 990000000};
 * -1.75 EUR is {currency_code: "EUR", units: -1, nanos: -750000000};
 * -0.25 GBP is {currency_code: "GBP", units: 0, nanos: -250000000}.
 * Any other combination is invalid and is answered with INVALID_ARGUMENT.
 */
export interface Money__Output {
  /**
   * The three-letter upper-case ISO 4217 code, e.g. "USD".
   */
  'currencyCode': (string);
  /**
   * The whole units of the amount. For 1.50 USD, units is 1.
   */
  'units': (string);
  /**
   * The nano (10^-9) units of the amount, with the same sign as units (see above).
   * For 1.50 USD, nanos is 500000000.
   */
  'nanos': (number);
}
