// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


/**
 * One line of a cart: a product and how many of it.
 */
export interface CartItem {
  /**
   * A product id from the catalog, e.g. "OLJCESPC7Z".
   */
  'productId'?: (string);
  /**
   * How many; at least 1 in a stored cart.
   */
  'quantity'?: (number);
}

/**
 * One line of a cart: a product and how many of it.
 */
export interface CartItem__Output {
  /**
   * A product id from the catalog, e.g. "OLJCESPC7Z".
   */
  'productId': (string);
  /**
   * How many; at least 1 in a stored cart.
   */
  'quantity': (number);
}
