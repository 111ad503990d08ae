import { setTimeout as sleep } from 'node:timers/promises';
import {
  hipstershop,
  invalidArgument,
  notFound,
  quoteInput,
  requireMaxLength,
  type ServiceEntry,
  unary,
} from '@boutique/kit';
import type { ProductCatalogServiceHandlers } from '@boutique/kit/generated/hipstershop/ProductCatalogService';
import type { Catalog } from './catalog';
import { spanAttributes } from './telemetry';

/** Longest product id accepted (the catalog's ids are 10 characters). */
export const MAX_PRODUCT_ID_LENGTH = 128;
/** Longest search query accepted (the frontend sends at most 200 characters). */
export const MAX_QUERY_LENGTH = 256;

/** Where the handlers get the catalog from (a CatalogStore in production, anything in tests). */
export interface CatalogSource {
  catalog(): Promise<Catalog> | Catalog;
}

/** The ProductCatalogService over a catalog source, with an optional delay before every catalog RPC. */
export function productCatalogService(source: CatalogSource, extraLatencyMs = 0): ServiceEntry {
  // EXTRA_LATENCY: the original sleeps at the start of each catalog RPC (health checks are not delayed).
  const catalog = async (): Promise<Catalog> => {
    if (extraLatencyMs > 0) await sleep(extraLatencyMs);
    return source.catalog();
  };
  const handlers: ProductCatalogServiceHandlers = {
    ListProducts: unary(async () => ({ products: [...(await catalog()).products] }), {
      spanAttributes: spanAttributes.ListProducts,
    }),
    GetProduct: unary(
      async (request) => {
        if (request.id === '') throw invalidArgument('id is required');
        requireMaxLength('id', request.id, MAX_PRODUCT_ID_LENGTH);
        const product = (await catalog()).get(request.id);
        if (!product) throw notFound(`no product with id ${quoteInput(request.id)}`);
        return product;
      },
      { spanAttributes: spanAttributes.GetProduct },
    ),
    SearchProducts: unary(async (request) => {
      requireMaxLength('query', request.query, MAX_QUERY_LENGTH);
      return { results: (await catalog()).search(request.query) };
    }),
  };
  return { service: hipstershop.ProductCatalogService.service, handlers };
}
