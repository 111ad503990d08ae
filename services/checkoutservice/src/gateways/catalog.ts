import { createClient, failedPrecondition, hipstershop, type Money, status, TtlCache } from '@boutique/kit';
import type { CatalogPort } from '../ports';
import { call, checkedAmount } from './errors';

/**
 * The product catalog over gRPC: a product's USD price, each lookup bounded by `deadlineMs` and reused
 * for `cacheMs` (concurrent lookups of one product share a call; a failure is not cached).
 */
export function catalogGateway(address: string, deadlineMs: number, cacheMs = 0): CatalogPort {
  const client = createClient(hipstershop.ProductCatalogService, address);
  const prices = new TtlCache<Money>({ ttlMs: cacheMs, maxEntries: 10_000 });

  async function lookUp(productId: string): Promise<Money> {
    const product = await call(
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

  return { priceOf: (productId) => prices.get(productId, () => lookUp(productId)) };
}
