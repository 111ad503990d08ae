// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.


export interface GetSupportedCurrenciesResponse {
  'currencyCodes'?: (string)[];
}

export interface GetSupportedCurrenciesResponse__Output {
  'currencyCodes': (string)[];
}
