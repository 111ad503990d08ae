import { createClient, hipstershop, type Money, TtlCache } from '@boutique/kit';
import type { CurrencyPort } from '../ports';
import { call, checkedAmount } from './errors';

/**
 * The currency service over gRPC, each call bounded by `deadlineMs`. The list of supported
 * currencies changes only with a deployment, so it is reused for `currenciesCacheMs`; a conversion
 * (its rates are fixed while the service runs) is reused for `conversionCacheMs`. Concurrent callers
 * share one request; a failure is not cached. A Convert refused as INVALID_ARGUMENT means we sent an
 * amount of our own it cannot take: INTERNAL, as any other error that is not UNAVAILABLE or
 * DEADLINE_EXCEEDED. Results are checked: valid Money in the currency asked for.
 */
export function currencyGateway(
  address: string,
  deadlineMs: number,
  { currenciesCacheMs = 5 * 60_000, conversionCacheMs = 0 } = {},
): CurrencyPort {
  const client = createClient(hipstershop.CurrencyService, address);
  const supported = new TtlCache<ReadonlySet<string>>({ ttlMs: currenciesCacheMs, maxEntries: 1 });
  const conversions = new TtlCache<Money>({ ttlMs: conversionCacheMs, maxEntries: 10_000 });

  async function convert(from: Money, toCode: string): Promise<Money> {
    const converted = await call('currency service', deadlineMs, (options) =>
      client.Convert({ from, toCode }, options),
    );
    return checkedAmount(converted, toCode, `currency service converted ${from.currencyCode} to ${toCode}`);
  }

  return {
    supportedCurrencies: () =>
      supported.get('codes', () =>
        call('currency service', deadlineMs, (options) => client.GetSupportedCurrencies({}, options)).then(
          (response) => new Set(response.currencyCodes),
        ),
      ),
    convert: (from, toCode) =>
      conversions.get(`${from.currencyCode} ${from.units} ${from.nanos} ${toCode}`, () => convert(from, toCode)),
  };
}
