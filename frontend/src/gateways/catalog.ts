import { type Money, money, TtlCache, type UnaryClient } from '@boutique/kit';
import type { Product__Output } from '@boutique/kit/generated/hipstershop/Product';
import type { ProductCatalogServiceDefinition } from '@boutique/kit/generated/hipstershop/ProductCatalogService';
import { isOutage } from '../outage';
import { LastGood } from './last-good';

/** A catalog product whose price has been checked to be valid Money. */
export type Product = Product__Output & { readonly priceUsd: Money };

export interface CatalogGateway {
  /** Every product, in catalog order. */
  listProducts(): Promise<readonly Product[]>;
  /** One product; a NOT_FOUND from the catalog passes through for the error page to map to 404. */
  getProduct(id: string): Promise<Product>;
  /** Products whose name or description contains the query (all of them for an empty query). */
  searchProducts(query: string): Promise<readonly Product[]>;
}

export interface CatalogOptions {
  deadlineMs: number;
  /** How long the product list and single products are reused; 0 disables the cache. */
  cacheTtlMs: number;
  /**
   * While the catalog cannot be reached, how long after it last answered its answers still stand in
   * (stale-if-error: the shop keeps selling from the last good catalog); 0 (the default) never.
   */
  staleIfErrorMs?: number;
  /** Told each time a stale answer stands in for a failed call (for a rate-limited warning). */
  onStale?: (err: unknown) => void;
  now?: () => number;
}

function checked(product: Product__Output): Product {
  // A product without a valid price cannot be shown or sold; that is a catalog bug, reported as such.
  money.assertValid(product.priceUsd, `price of product ${product.id}`);
  return product as Product;
}

/** The catalog's own search rule (case-insensitive substring of name or description), for a stale list. */
function matches(product: Product, query: string): boolean {
  const wanted = query.toLowerCase();
  return product.name.toLowerCase().includes(wanted) || product.description.toLowerCase().includes(wanted);
}

/**
 * The frontend's view of the product catalog: deadlines on every call, a short cache for reads, and
 * the last good answers for a bounded time while the catalog is down.
 */
export function catalogGateway(
  client: UnaryClient<ProductCatalogServiceDefinition>,
  { deadlineMs, cacheTtlMs, staleIfErrorMs = 0, onStale = () => {}, now = Date.now }: CatalogOptions,
): CatalogGateway {
  const lists = new TtlCache<readonly Product[]>({ ttlMs: cacheTtlMs, maxEntries: 1, now });
  const products = new TtlCache<Product>({ ttlMs: cacheTtlMs, maxEntries: 1_000, now });
  const lastList = new LastGood<readonly Product[]>({ maxAgeMs: staleIfErrorMs, maxEntries: 1, now });
  const lastProducts = new LastGood<Product>({ maxAgeMs: staleIfErrorMs, maxEntries: 1_000, now });

  /** The fresh answer, remembered; or during an outage, the stand-in if there is one. */
  async function freshOrStale<V>(
    load: () => Promise<V>,
    remember: (value: V) => void,
    standIn: () => V | undefined,
  ): Promise<V> {
    try {
      const value = await load();
      remember(value);
      return value;
    } catch (err) {
      const stale = isOutage(err) ? standIn() : undefined;
      if (stale === undefined) throw err;
      onStale(err);
      return stale;
    }
  }

  const fetchList = () =>
    lists.get('all', async () => (await client.ListProducts({}, { deadlineMs })).products.map(checked));

  return {
    listProducts: () =>
      freshOrStale(
        fetchList,
        (list) => lastList.remember('all', list),
        () => lastList.recall('all'),
      ),
    getProduct: (id) =>
      freshOrStale(
        () => products.get(id, async () => checked(await client.GetProduct({ id }, { deadlineMs }))),
        (product) => lastProducts.remember(id, product),
        () => lastProducts.recall(id) ?? lastList.recall('all')?.find((product) => product.id === id),
      ),
    searchProducts: (query) =>
      freshOrStale(
        async () => (await client.SearchProducts({ query }, { deadlineMs })).results.map(checked),
        () => {},
        () => lastList.recall('all')?.filter((product) => matches(product, query)),
      ),
  };
}
