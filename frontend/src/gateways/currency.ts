import { type Money, money, TtlCache, type UnaryClient } from '@boutique/kit';
import type { CurrencyServiceDefinition } from '@boutique/kit/generated/hipstershop/CurrencyService';

export interface CurrencyGateway {
  /** The currency codes the currency service can convert to, in its order. */
  supportedCurrencies(): Promise<readonly string[]>;
  /** The amount in another currency. */
  convert(amount: Money, toCode: string): Promise<Money>;
  /** Asks the service itself, past every cache, whether it answers (before an order is priced). */
  probe(): Promise<void>;
}

export interface CurrencyOptions {
  deadlineMs: number;
  /** How long the supported list and each conversion are reused; 0 disables the cache. */
  cacheTtlMs: number;
}

/**
 * The frontend's view of the currency service. A conversion depends only on the amount, the target
 * and the rates table, which changes only with a new deployment, so answers are reused for a while;
 * converting to the amount's own currency is the identity and needs no call at all.
 */
export function currencyGateway(
  client: UnaryClient<CurrencyServiceDefinition>,
  { deadlineMs, cacheTtlMs }: CurrencyOptions,
): CurrencyGateway {
  const supported = new TtlCache<readonly string[]>({ ttlMs: cacheTtlMs, maxEntries: 1 });
  const conversions = new TtlCache<Money>({ ttlMs: cacheTtlMs, maxEntries: 10_000 });
  return {
    supportedCurrencies: () =>
      supported.get('all', async () => (await client.GetSupportedCurrencies({}, { deadlineMs })).currencyCodes),
    probe: async () => {
      await client.GetSupportedCurrencies({}, { deadlineMs });
    },
    convert: (amount, toCode) => {
      money.assertValid(amount);
      if (amount.currencyCode === toCode) return Promise.resolve(amount);
      const key = `${amount.currencyCode}:${amount.units}:${amount.nanos}>${toCode}`;
      return conversions.get(key, async () => {
        const converted = await client.Convert({ from: amount, toCode }, { deadlineMs });
        money.assertValid(converted, `conversion of ${amount.currencyCode} to ${toCode}`);
        return converted;
      });
    },
  };
}
