// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface Ad {
  /**
   * Where the ad leads, e.g. "/product/9SIQT8TOJO" (site-absolute).
   */
  'redirectUrl'?: (string);
  /**
   * The short text to show.
   */
  'text'?: (string);
}

export interface Ad__Output {
  /**
   * Where the ad leads, e.g. "/product/9SIQT8TOJO" (site-absolute).
   */
  'redirectUrl': (string);
  /**
   * The short text to show.
   */
  'text': (string);
}
