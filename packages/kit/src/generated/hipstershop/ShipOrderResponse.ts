// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface ShipOrderResponse {
  'trackingId'?: (string);
}

export interface ShipOrderResponse__Output {
  'trackingId': (string);
}
