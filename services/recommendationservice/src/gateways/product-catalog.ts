import { isServiceError, status, type UnaryClient, unavailable } from '@boutique/kit';
import type { ProductCatalogServiceDefinition } from '@boutique/kit/generated/hipstershop/ProductCatalogService';

// A catalog that cannot be reached or does not answer in time is, to our callers, unavailable:
// DEADLINE_EXCEEDED here is the catalog's slowness, not the caller's deadline, so both become
// UNAVAILABLE. Any other catalog error is a bug somewhere and surfaces as INTERNAL (cause logged).
const UNREACHABLE = new Set<status>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

export interface ProductCatalogGateway {
  /** Every product id in catalog order; UNAVAILABLE when the catalog cannot answer within the deadline. */
  listProductIds(): Promise<string[]>;
}

/** The recommendation service's view of the product catalog: the ids of every product, within `deadlineMs`. */
export function productCatalogGateway(
  client: UnaryClient<ProductCatalogServiceDefinition>,
  { deadlineMs }: { deadlineMs: number },
): ProductCatalogGateway {
  return {
    listProductIds: async () => {
      try {
        const { products } = await client.ListProducts({}, { deadlineMs });
        return products.map((product) => product.id);
      } catch (err) {
        if (isServiceError(err) && UNREACHABLE.has(err.code)) {
          throw unavailable(`product catalog at ${client.address} is unavailable (${status[err.code]})`, {
            cause: err,
          });
        }
        throw err;
      }
    },
  };
}
