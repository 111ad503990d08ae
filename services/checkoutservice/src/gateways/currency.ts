import { type Money, TtlCache, type UnaryClient } from '@boutique/kit';
import type { CurrencyServiceDefinition } from '@boutique/kit/generated/hipstershop/CurrencyService';
import type { CurrencyPort } from '../ports';
import { callDependency } from './call-dependency';
import { checkedAmount } from './checked-amount';

export interface CurrencyOptions {
  deadlineMs: number;
  /** How long the list of supported currencies is reused (5 minutes by default). */
  supportedCacheTtlMs?: number;
  /** How long a conversion is reused; 0 (the default) asks every time. */
  conversionCacheTtlMs?: number;
}

/**
 * Checkout's view of the currency service, each call bounded by `deadlineMs`. The list of supported
 * currencies changes only with a deployment, so it is reused for `supportedCacheTtlMs`; a conversion
 * (its rates are fixed while the service runs) is reused for `conversionCacheTtlMs`. Concurrent
 * callers share one request; a failure is not cached. A Convert refused as INVALID_ARGUMENT means we
 * sent an amount of our own it cannot take: INTERNAL, as any other error that is not UNAVAILABLE or
 * DEADLINE_EXCEEDED. Results are checked: valid Money in the currency asked for.
 */
export function currencyGateway(
  client: UnaryClient<CurrencyServiceDefinition>,
  { deadlineMs, supportedCacheTtlMs = 5 * 60_000, conversionCacheTtlMs = 0 }: CurrencyOptions,
): CurrencyPort {
  const supported = new TtlCache<ReadonlySet<string>>({ ttlMs: supportedCacheTtlMs, maxEntries: 1 });
  const conversions = new TtlCache<Money>({ ttlMs: conversionCacheTtlMs, maxEntries: 10_000 });

  async function convert(from: Money, toCode: string): Promise<Money> {
    const converted = await callDependency('currency service', deadlineMs, (options) =>
      client.Convert({ from, toCode }, options),
    );
    return checkedAmount(converted, toCode, `currency service converted ${from.currencyCode} to ${toCode}`);
  }

  return {
    supportedCurrencies: () =>
      supported.get('codes', () =>
        callDependency('currency service', deadlineMs, (options) => client.GetSupportedCurrencies({}, options)).then(
          (response) => new Set(response.currencyCodes),
        ),
      ),
    convert: (from, toCode) =>
      conversions.get(`${from.currencyCode} ${from.units} ${from.nanos} ${toCode}`, () => convert(from, toCode)),
    reachable: () => client.connected({ deadlineMs }),
  };
}
