import { type Logger, type Money, money } from '@boutique/kit';
import type { Backends } from './backends';
import type { CartItem } from './gateways/cart';
import type { Product } from './gateways/catalog';
import type { OrderResult } from './gateways/checkout';
import { optionalCallLog } from './optional-call-log';
import { isOutage } from './outage';
import { OFFERED_CURRENCIES } from './session';
import type { CartView } from './views/cart';
import type { PricedProduct } from './views/parts';

/** How many recommendations a page shows. */
const SHOWN_RECOMMENDATIONS = 4;

/** The catalog's own currency: its prices need no conversion. */
export const CATALOG_CURRENCY = 'USD';

/** Converts an amount into the currency a page is being priced in. */
export type Convert = (amount: Money) => Promise<Money>;

/** A conversion that failed because the currency service could not be reached. */
class ConversionUnavailable extends Error {
  constructor(cause: unknown) {
    super('currency service unavailable', { cause });
  }
}

function unwrap(err: unknown): unknown {
  return err instanceof ConversionUnavailable ? err.cause : err;
}

/** Prices for a page, and the currency they ended up in (the catalog's when conversion was down). */
export interface Priced<T> {
  readonly value: T;
  /** The currency shown: the shopper's, or CATALOG_CURRENCY when the currency service could not be reached. */
  readonly currency: string;
}

/**
 * The page data the routes need, built from the backends with every independent call in flight at
 * once. Optional parts (recommendations, ads) come back undefined instead of failing the page.
 */
export class Shop {
  readonly #backends: Backends;
  readonly #warnLookup: (err: unknown) => void;

  readonly #warnConversion: (err: unknown) => void;

  constructor(backends: Backends, log: Logger) {
    this.#backends = backends;
    this.#warnLookup = optionalCallLog(log, 'recommended product lookup failed');
    this.#warnConversion = optionalCallLog(log, 'currency service unavailable, showing catalog prices in USD');
  }

  /** The offered currencies the currency service supports, in its order (the header's selector). */
  async currencies(): Promise<readonly string[]> {
    const supported = await this.#backends.currency.supportedCurrencies();
    return supported.filter((code) => OFFERED_CURRENCIES.includes(code));
  }

  /** The header's currency selector: none while the currency service cannot be reached. */
  async currencySelector(): Promise<readonly string[] | undefined> {
    try {
      return await this.currencies();
    } catch (err) {
      if (!isOutage(err)) throw err;
      this.#warnConversion(err);
      return undefined;
    }
  }

  /**
   * Builds a page's priced content in the shopper's currency; if the currency service cannot be
   * reached, builds it again in the catalog's own currency, which needs no conversion. `build` must
   * convert through the function it is given. A wrong answer from the currency service still fails.
   */
  async inShopperCurrency<T>(
    currency: string,
    build: (convert: Convert, currency: string) => Promise<T>,
  ): Promise<Priced<T>> {
    const convertTo =
      (code: string): Convert =>
      (amount) =>
        this.#backends.currency.convert(amount, code).catch((err: unknown) => {
          throw isOutage(err) ? new ConversionUnavailable(err) : err;
        });
    try {
      return { value: await build(convertTo(currency), currency), currency };
    } catch (err) {
      if (!(err instanceof ConversionUnavailable) || currency === CATALOG_CURRENCY) throw unwrap(err);
      this.#warnConversion(err.cause);
      return { value: await build(convertTo(CATALOG_CURRENCY), CATALOG_CURRENCY), currency: CATALOG_CURRENCY };
    }
  }

  /** How many items are in the cart (the sum of quantities, for the header badge). */
  async cartCount(userId: string): Promise<number> {
    return countOf(await this.#backends.cart.getCart(userId));
  }

  /** Products with their prices converted by `convert`, in the given order. */
  price(products: readonly Product[], convert: Convert): Promise<PricedProduct[]> {
    return Promise.all(products.map(async (product) => ({ product, price: await convert(product.priceUsd) })));
  }

  /** Up to four suggested products (none of `productIds`); undefined when unavailable. */
  async recommendations(userId: string, productIds: readonly string[]): Promise<readonly Product[] | undefined> {
    const ids = await this.#backends.recommendations.recommend(userId, productIds);
    if (!ids) return undefined;
    try {
      return await Promise.all(ids.slice(0, SHOWN_RECOMMENDATIONS).map((id) => this.#backends.catalog.getProduct(id)));
    } catch (err) {
      // As the original: one unknown recommended product drops the section, never the page.
      this.#warnLookup(err);
      return undefined;
    }
  }

  /** The cart page: each line priced in `currency` (through `convert`), shipping, total and recommendations. */
  async cart(userId: string, items: readonly CartItem[], convert: Convert, currency: string): Promise<CartView> {
    const { catalog, shipping } = this.#backends;
    const [lines, shippingCost, recommendations] = await Promise.all([
      Promise.all(
        items.map(async ({ productId, quantity }) => {
          const product = await catalog.getProduct(productId);
          const unitPrice = await convert(product.priceUsd);
          return { product, quantity, lineTotal: money.multiply(unitPrice, quantity) };
        }),
      ),
      // Nothing to ship costs nothing; no need to ask.
      items.length === 0 ? Promise.resolve(money.zero(currency)) : shipping.quote(items).then(convert),
      this.recommendations(
        userId,
        items.map((item) => item.productId),
      ),
    ]);
    const total = money.total(currency, [...lines.map((line) => line.lineTotal), shippingCost]);
    return { lines, shipping: shippingCost, total, recommendations };
  }
}

/** The sum of the quantities in a cart. */
export function countOf(items: readonly CartItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity, 0);
}

/** What an order cost: shipping plus each item's unit cost × quantity (the original recomputes it the same way). */
export function totalPaid(order: OrderResult, currency: string): Money {
  const shippingCost = order.shippingCost ?? money.zero(currency);
  const lines = order.items.map((item) =>
    money.multiply(item.cost ?? money.zero(shippingCost.currencyCode), item.item?.quantity ?? 0),
  );
  return money.total(shippingCost.currencyCode, [shippingCost, ...lines]);
}
