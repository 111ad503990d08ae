import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredAttributes } from '@boutique/kit';
import { spanAttributes } from './telemetry';

const ADDRESS = {
  streetAddress: '1600 Amphitheatre Parkway',
  city: 'Mountain View',
  state: 'CA',
  country: 'US',
  zipCode: 94043,
};
const usd = (units: string) => ({ currencyCode: 'USD', units, nanos: 0 });

describe('shipping span attributes', () => {
  it('GetQuote and ShipOrder → item count and the tracking id, never the address', () => {
    const items = [{ productId: 'A', quantity: 1 }];
    assert.deepEqual(declaredAttributes(spanAttributes.GetQuote!, { address: ADDRESS, items }, { costUsd: usd('8') }), {
      'app.items.count': 1,
    });
    assert.deepEqual(
      declaredAttributes(spanAttributes.ShipOrder!, { address: ADDRESS, items }, { trackingId: 'AB-123-456' }),
      {
        'app.items.count': 1,
        'app.shipping.tracking_id': 'AB-123-456',
      },
    );
  });

  it('a failed ShipOrder (no response) → the item count only', () => {
    assert.deepEqual(declaredAttributes(spanAttributes.ShipOrder!, { address: null, items: [] }, undefined), {
      'app.items.count': 0,
    });
  });
});
