// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface ListRecommendationsRequest {
  /**
   * Not used for the choice today; kept for compatibility.
   */
  'userId'?: (string);
  /**
   * Products already in view (on the page or in the cart); never recommended back.
   */
  'productIds'?: (string)[];
}

export interface ListRecommendationsRequest__Output {
  /**
   * Not used for the choice today; kept for compatibility.
   */
  'userId': (string);
  /**
   * Products already in view (on the page or in the cart); never recommended back.
   */
  'productIds': (string)[];
}
