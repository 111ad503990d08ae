// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface SearchProductsRequest {
  'query'?: (string);
}

export interface SearchProductsRequest__Output {
  'query': (string);
}
