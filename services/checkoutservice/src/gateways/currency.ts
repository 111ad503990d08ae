import { createClient, hipstershop, money } from '@boutique/kit';
import type { CurrencyPort } from '../ports';
import { call } from './errors';

/**
 * The currency service over gRPC, each call bounded by `deadlineMs`. The list of supported
 * currencies changes only with a deployment, so it is fetched once per `cacheMs` (concurrent callers
 * share one request; a failure is not cached). A Convert refused as INVALID_ARGUMENT means we sent
 * an amount of our own it cannot take: INTERNAL, as any other error that is not UNAVAILABLE or
 * DEADLINE_EXCEEDED. Results are checked: valid Money in the currency asked for.
 */
export function currencyGateway(address: string, deadlineMs: number, cacheMs = 5 * 60_000): CurrencyPort {
  const client = createClient(hipstershop.CurrencyService, address);
  let cached: { codes: Promise<ReadonlySet<string>>; until: number } | undefined;
  return {
    supportedCurrencies() {
      if (!cached || cached.until < Date.now()) {
        const codes = call('currency service', deadlineMs, () =>
          client.GetSupportedCurrencies({}, { deadlineMs }),
        ).then((response) => new Set(response.currencyCodes));
        const entry = { codes, until: Date.now() + cacheMs };
        cached = entry;
        codes.catch(() => {
          if (cached === entry) cached = undefined;
        });
      }
      return cached.codes;
    },
    async convert(from, toCode) {
      const converted = await call('currency service', deadlineMs, () =>
        client.Convert({ from, toCode }, { deadlineMs }),
      );
      const problem = money.problemWith(converted);
      if (problem !== undefined || converted.currencyCode !== toCode) {
        throw new Error(
          `currency service converted ${from.currencyCode} to ${toCode} wrongly: ${problem ?? `got ${converted.currencyCode}`}`,
        );
      }
      return converted;
    },
  };
}
