// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface ListRecommendationsResponse {
  'productIds'?: (string)[];
}

export interface ListRecommendationsResponse__Output {
  'productIds': (string)[];
}
