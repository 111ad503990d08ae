// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.

import type { Money as _hipstershop_Money, Money__Output as _hipstershop_Money__Output } from '../hipstershop/Money';

export interface Product {
  /**
   * Stable id, e.g. "OLJCESPC7Z".
   */
  'id'?: (string);
  'name'?: (string);
  'description'?: (string);
  /**
   * Site-absolute path of the product picture, e.g. "/static/img/products/sunglasses.jpg"; the
   * frontend prefixes its base URL.
   */
  'picture'?: (string);
  /**
   * The price in US dollars; converted for display.
   */
  'priceUsd'?: (_hipstershop_Money | null);
  /**
   * Lower-case category names such as "kitchen"; used to choose ads.
   */
  'categories'?: (string)[];
}

export interface Product__Output {
  /**
   * Stable id, e.g. "OLJCESPC7Z".
   */
  'id': (string);
  'name': (string);
  'description': (string);
  /**
   * Site-absolute path of the product picture, e.g. "/static/img/products/sunglasses.jpg"; the
   * frontend prefixes its base URL.
   */
  'picture': (string);
  /**
   * The price in US dollars; converted for display.
   */
  'priceUsd': (_hipstershop_Money__Output | null);
  /**
   * Lower-case category names such as "kitchen"; used to choose ads.
   */
  'categories': (string)[];
}
