import { failedPrecondition, type Money, status, TtlCache, type UnaryClient } from '@boutique/kit';
import type { ProductCatalogServiceDefinition } from '@boutique/kit/generated/hipstershop/ProductCatalogService';
import type { CatalogPort } from '../ports';
import { callDependency } from './call-dependency';
import { checkedAmount } from './checked-amount';

export interface CatalogOptions {
  deadlineMs: number;
  /** How long a product's price is reused; 0 (the default) asks every time. */
  cacheTtlMs?: number;
}

/**
 * Checkout's view of the product catalog: a product's USD price, each lookup bounded by `deadlineMs`
 * and reused for `cacheTtlMs` (concurrent lookups of one product share a call; a failure is not
 * cached).
 */
export function catalogGateway(
  client: UnaryClient<ProductCatalogServiceDefinition>,
  { deadlineMs, cacheTtlMs = 0 }: CatalogOptions,
): CatalogPort {
  const prices = new TtlCache<Money>({ ttlMs: cacheTtlMs, maxEntries: 10_000 });

  async function lookUp(productId: string): Promise<Money> {
    const product = await callDependency(
      'product catalog',
      deadlineMs,
      (options) => client.GetProduct({ id: productId }, options),
      // The cart outlived the product: the user's cart needs attention, not our servers.
      (code) =>
        code === status.NOT_FOUND
          ? failedPrecondition(`the cart holds product "${productId}", which is no longer in the catalog`)
          : undefined,
    );
    return checkedAmount(product.priceUsd, 'USD', `product catalog priced "${productId}"`);
  }

  return {
    priceOf: (productId) => prices.get(productId, () => lookUp(productId)),
    reachable: () => client.connected({ deadlineMs }),
  };
}
