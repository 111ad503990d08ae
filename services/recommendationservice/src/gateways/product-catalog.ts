import { createClient, hipstershop, isServiceError, status, unavailable } from '@boutique/kit';

// A catalog that cannot be reached or does not answer in time is, to our callers, unavailable:
// DEADLINE_EXCEEDED here is the catalog's slowness, not the caller's deadline, so both become
// UNAVAILABLE. Any other catalog error is a bug somewhere and surfaces as INTERNAL (cause logged).
const UNREACHABLE = new Set<status>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

/** The product catalog as the recommendation service uses it: the ids of every product. */
export function productCatalogGateway(address: string, timeoutMs: number) {
  const client = createClient(hipstershop.ProductCatalogService, address);
  return {
    /** Every product id in catalog order; UNAVAILABLE when the catalog cannot answer within `timeoutMs`. */
    listProductIds: async (): Promise<string[]> => {
      try {
        const { products } = await client.ListProducts({}, { deadlineMs: timeoutMs });
        return products.map((product) => product.id);
      } catch (err) {
        if (isServiceError(err) && UNREACHABLE.has(err.code)) {
          throw unavailable(`product catalog at ${address} is unavailable (${status[err.code]})`, { cause: err });
        }
        throw err;
      }
    },
    close: () => client.close(),
  };
}
