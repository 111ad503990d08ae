// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface AdRequest {
  /**
   * Categories of what the shopper is looking at, e.g. ["kitchen"].
   */
  'contextKeys'?: (string)[];
}

export interface AdRequest__Output {
  /**
   * Categories of what the shopper is looking at, e.g. ["kitchen"].
   */
  'contextKeys': (string)[];
}
