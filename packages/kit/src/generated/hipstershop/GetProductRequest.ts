// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface GetProductRequest {
  'id'?: (string);
}

export interface GetProductRequest__Output {
  'id': (string);
}
