import { type Logger, type Money, money } from '@boutique/kit';
import type { Backends } from './backends';
import type { CartItem } from './gateways/cart';
import type { Product } from './gateways/catalog';
import type { OrderResult } from './gateways/checkout';
import { optionalCallLog } from './optional-call-log';
import { OFFERED_CURRENCIES } from './session';
import type { CartView } from './views/cart';
import type { PricedProduct } from './views/parts';

/** How many recommendations a page shows. */
const SHOWN_RECOMMENDATIONS = 4;

/**
 * The page data the routes need, built from the backends with every independent call in flight at
 * once. Optional parts (recommendations, ads) come back undefined instead of failing the page.
 */
export class Shop {
  readonly #backends: Backends;
  readonly #warnLookup: (err: unknown) => void;

  constructor(backends: Backends, log: Logger) {
    this.#backends = backends;
    this.#warnLookup = optionalCallLog(log, 'recommended product lookup failed');
  }

  /** The offered currencies the currency service supports, in its order (the header's selector). */
  async currencies(): Promise<readonly string[]> {
    const supported = await this.#backends.currency.supportedCurrencies();
    return supported.filter((code) => OFFERED_CURRENCIES.includes(code));
  }

  /** How many items are in the cart (the sum of quantities, for the header badge). */
  async cartCount(userId: string): Promise<number> {
    return countOf(await this.#backends.cart.getCart(userId));
  }

  /** Products with their prices in `currency`, in the given order. */
  price(products: readonly Product[], currency: string): Promise<PricedProduct[]> {
    return Promise.all(
      products.map(async (product) => ({
        product,
        price: await this.#backends.currency.convert(product.priceUsd, currency),
      })),
    );
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

  /** The cart page: each line priced in `currency`, shipping, total and recommendations. */
  async cart(userId: string, currency: string, items: readonly CartItem[]): Promise<CartView> {
    const { catalog, currency: rates, shipping } = this.#backends;
    const [lines, shippingCost, recommendations] = await Promise.all([
      Promise.all(
        items.map(async ({ productId, quantity }) => {
          const product = await catalog.getProduct(productId);
          const unitPrice = await rates.convert(product.priceUsd, currency);
          return { product, quantity, lineTotal: money.multiply(unitPrice, quantity) };
        }),
      ),
      // Nothing to ship costs nothing; no need to ask.
      items.length === 0
        ? Promise.resolve(money.zero(currency))
        : shipping.quote(items).then((usd) => rates.convert(usd, currency)),
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
