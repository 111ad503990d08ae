// What the email service tells its traces: which order was confirmed and how many items it had.
// The email address is never read.
import type { SpanAttributeDeclarations } from '@boutique/kit';
import type { EmailServiceHandlers } from '@boutique/kit/generated/hipstershop/EmailService';

/** The attributes SendOrderConfirmation adds to its server span. */
export const spanAttributes: SpanAttributeDeclarations<EmailServiceHandlers> = {
  SendOrderConfirmation: ({ order }) => ({
    'app.order.id': order?.orderId,
    'app.order.items.count': order?.items.length,
    'app.shipping.tracking_id': order?.shippingTrackingId,
  }),
};
