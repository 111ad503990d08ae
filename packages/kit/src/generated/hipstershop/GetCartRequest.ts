// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface GetCartRequest {
  'userId'?: (string);
}

export interface GetCartRequest__Output {
  'userId': (string);
}
