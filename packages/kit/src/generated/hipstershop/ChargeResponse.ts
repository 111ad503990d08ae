// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface ChargeResponse {
  'transactionId'?: (string);
}

export interface ChargeResponse__Output {
  'transactionId': (string);
}
