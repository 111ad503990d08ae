// What the catalog tells its traces: which product was asked for, and how many were listed.
// Search text is never read.
import type { SpanAttributeDeclarations } from '@boutique/kit';
import type { ProductCatalogServiceHandlers } from '@boutique/kit/generated/hipstershop/ProductCatalogService';

/** The attributes each ProductCatalogService RPC adds to its server span. */
export const spanAttributes: SpanAttributeDeclarations<ProductCatalogServiceHandlers> = {
  GetProduct: ({ id }) => ({ 'app.product.id': id }),
  ListProducts: (_request, response) => ({ 'app.products.count': response?.products?.length }),
};
