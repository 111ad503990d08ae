import { type Money, money, TtlCache, type UnaryClient } from '@boutique/kit';
import type { Product__Output } from '@boutique/kit/generated/hipstershop/Product';
import type { ProductCatalogServiceDefinition } from '@boutique/kit/generated/hipstershop/ProductCatalogService';

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
}

function checked(product: Product__Output): Product {
  // A product without a valid price cannot be shown or sold; that is a catalog bug, reported as such.
  money.assertValid(product.priceUsd, `price of product ${product.id}`);
  return product as Product;
}

/** The frontend's view of the product catalog: deadlines on every call, a short cache for reads. */
export function catalogGateway(
  client: UnaryClient<ProductCatalogServiceDefinition>,
  { deadlineMs, cacheTtlMs }: CatalogOptions,
): CatalogGateway {
  const lists = new TtlCache<readonly Product[]>({ ttlMs: cacheTtlMs, maxEntries: 1 });
  const products = new TtlCache<Product>({ ttlMs: cacheTtlMs, maxEntries: 1_000 });
  return {
    listProducts: () =>
      lists.get('all', async () => (await client.ListProducts({}, { deadlineMs })).products.map(checked)),
    getProduct: (id) => products.get(id, async () => checked(await client.GetProduct({ id }, { deadlineMs }))),
    searchProducts: async (query) => (await client.SearchProducts({ query }, { deadlineMs })).results.map(checked),
  };
}
