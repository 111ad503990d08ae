import { hipstershop, type ServiceEntry, unary } from '@boutique/kit';
import type { CurrencyServiceHandlers } from '@boutique/kit/generated/hipstershop/CurrencyService';
import type { Converter } from './convert';
import { spanAttributes } from './telemetry';

/** The CurrencyService: the supported codes and exact conversions, from a converter built at start-up. */
export function currencyService(converter: Converter): ServiceEntry {
  // Built once: the list never changes while the process runs.
  const supported = { currencyCodes: [...converter.codes] };
  const handlers: CurrencyServiceHandlers = {
    GetSupportedCurrencies: unary(() => supported),
    // The busiest RPC in the shop: no logging, no I/O, one precomputed factor.
    Convert: unary((request) => converter.convert(request.from, request.toCode), {
      spanAttributes: spanAttributes.Convert,
    }),
  };
  return { service: hipstershop.CurrencyService.service, handlers };
}
