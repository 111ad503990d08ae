// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface EmptyCartRequest {
  'userId'?: (string);
}

export interface EmptyCartRequest__Output {
  'userId': (string);
}
