import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredAttributes } from '@boutique/kit';
import type { OrderResult__Output } from '@boutique/kit/generated/hipstershop/OrderResult';
import { spanAttributes } from './telemetry';

describe('email span attributes', () => {
  it('SendOrderConfirmation → order id and item count, never the email address', () => {
    const order = { orderId: 'o-2', shippingTrackingId: '', shippingCost: null, shippingAddress: null, items: [{}] };
    const attributes = declaredAttributes(
      spanAttributes.SendOrderConfirmation!,
      { email: 'someone@example.com', order: order as OrderResult__Output },
      {},
    );
    assert.deepEqual(attributes, { 'app.order.id': 'o-2', 'app.order.items.count': 1 });
  });

  it('a request without an order → nothing', () => {
    assert.deepEqual(
      declaredAttributes(
        spanAttributes.SendOrderConfirmation!,
        { email: 'someone@example.com', order: null },
        undefined,
      ),
      {},
    );
  });
});
