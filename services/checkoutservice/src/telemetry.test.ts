import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { type CounterMaker, declaredAttributes, installTelemetryHooks, userIdHash } from '@boutique/kit';
import type { PlaceOrderRequest__Output } from '@boutique/kit/generated/hipstershop/PlaceOrderRequest';
import { countOrderPlaced, spanAttributes } from './telemetry';

const USER = 'a1b2c3d4-0000-4000-8000-123456789abc';
const CARD = {
  creditCardNumber: '4432801561520454',
  creditCardCvv: 672,
  creditCardExpirationYear: 2030,
  creditCardExpirationMonth: 1,
};
const ADDRESS = {
  streetAddress: '1600 Amphitheatre Parkway',
  city: 'Mountain View',
  state: 'CA',
  country: 'US',
  zipCode: 94043,
};
const usd = (units: string, nanos = 0) => ({ currencyCode: 'USD', units, nanos });

describe('checkout span attributes', () => {
  const request: PlaceOrderRequest__Output = {
    userId: USER,
    userCurrency: 'EUR',
    address: ADDRESS,
    email: 'someone@example.com',
    creditCard: CARD,
  };

  it('PlaceOrder → user hash, currency, order id, item count, tracking id; never card, email or address', () => {
    const order = { orderId: 'order-1', shippingTrackingId: 'AB-1', shippingAddress: ADDRESS, items: [{}, {}] };
    const attributes = declaredAttributes(spanAttributes.PlaceOrder!, request, { order });
    assert.deepEqual(attributes, {
      'user.hash': userIdHash(USER),
      'app.currency.code': 'EUR',
      'app.order.id': 'order-1',
      'app.order.items.count': 2,
      'app.shipping.tracking_id': 'AB-1',
    });
    const values = Object.values(attributes).map(String).join(' ');
    for (const secret of ['4432801561520454', '672', 'someone@example.com', 'Amphitheatre', USER]) {
      assert.ok(!values.includes(secret), `${secret} leaked into ${values}`);
    }
  });

  it('a failed PlaceOrder (no response) → who and which currency only', () => {
    assert.deepEqual(declaredAttributes(spanAttributes.PlaceOrder!, request, undefined), {
      'user.hash': userIdHash(USER),
      'app.currency.code': 'EUR',
    });
  });
});

describe('countOrderPlaced', () => {
  afterEach(() => installTelemetryHooks({}));

  /** Sums per counter name, as a metrics backend would. */
  function recordSums(): Map<string, number> {
    const sums = new Map<string, number>();
    const counters: CounterMaker = (name) => ({ add: (value) => sums.set(name, (sums.get(name) ?? 0) + value) });
    installTelemetryHooks({ counters });
    return sums;
  }

  it('each order → one more order and its USD total added to revenue', () => {
    const sums = recordSums();
    countOrderPlaced(usd('28', 980_000_000));
    countOrderPlaced(usd('10'));
    assert.equal(sums.get('app.orders.placed'), 2);
    assert.equal(Math.round(sums.get('app.orders.revenue')! * 100), 3898);
  });

  it('a non-USD or invalid total → the order counts, the revenue does not change', () => {
    const sums = recordSums();
    countOrderPlaced({ currencyCode: 'EUR', units: '5', nanos: 0 });
    countOrderPlaced({ currencyCode: 'USD', units: 'five', nanos: 0 });
    assert.deepEqual(Object.fromEntries(sums), { 'app.orders.placed': 2 });
  });

  it('metrics off → nothing is counted', () => {
    const sums = recordSums();
    installTelemetryHooks({});
    countOrderPlaced(usd('10'));
    assert.deepEqual(Object.fromEntries(sums), {});
  });
});
