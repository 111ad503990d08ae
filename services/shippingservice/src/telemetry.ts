// What the shipping service tells its traces: how many items, and the tracking id an operator
// searches by. The address is never read.
import type { SpanAttributeDeclarations } from '@boutique/kit';
import type { ShippingServiceHandlers } from '@boutique/kit/generated/hipstershop/ShippingService';

/** The attributes each ShippingService RPC adds to its server span. */
export const spanAttributes: SpanAttributeDeclarations<ShippingServiceHandlers> = {
  GetQuote: ({ items }) => ({ 'app.items.count': items.length }),
  ShipOrder: ({ items }, response) => ({
    'app.items.count': items.length,
    'app.shipping.tracking_id': response?.trackingId,
  }),
};
