// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


/**
 * A postal address.
 */
export interface Address {
  'streetAddress'?: (string);
  'city'?: (string);
  'state'?: (string);
  'country'?: (string);
  'zipCode'?: (number);
}

/**
 * A postal address.
 */
export interface Address__Output {
  'streetAddress': (string);
  'city': (string);
  'state': (string);
  'country': (string);
  'zipCode': (number);
}
