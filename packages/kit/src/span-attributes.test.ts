import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spanAttributesFor, userIdHash } from './span-attributes';

const CARD = { creditCardNumber: '4432801561520454', creditCardCvv: 672, creditCardExpirationYear: 2030 };
const ADDRESS = {
  streetAddress: '1600 Amphitheatre Parkway',
  city: 'Mountain View',
  state: 'CA',
  country: 'US',
  zipCode: 94043,
};
const usd = (units: string) => ({ currencyCode: 'USD', units, nanos: 0 });
const USER = 'a1b2c3d4-0000-4000-8000-123456789abc';

describe('userIdHash', () => {
  it('the same id → the same 16 hex digits; another id → another hash', () => {
    assert.match(userIdHash(USER), /^[0-9a-f]{16}$/);
    assert.equal(userIdHash(USER), userIdHash(USER));
    assert.notEqual(userIdHash(USER), userIdHash(`${USER}x`));
  });
});

describe('spanAttributesFor', () => {
  it('AddItem → user hash, product id and quantity', () => {
    assert.deepEqual(
      spanAttributesFor('AddItem', { userId: USER, item: { productId: 'OLJCESPC7Z', quantity: 3 } }, {}),
      {
        'user.hash': userIdHash(USER),
        'app.product.id': 'OLJCESPC7Z',
        'app.product.quantity': 3,
      },
    );
  });

  it('GetCart → user hash and the number of lines in the cart', () => {
    const cart = {
      userId: USER,
      items: [
        { productId: 'A', quantity: 1 },
        { productId: 'B', quantity: 2 },
      ],
    };
    assert.deepEqual(spanAttributesFor('GetCart', { userId: USER }, cart), {
      'user.hash': userIdHash(USER),
      'app.items.count': 2,
    });
  });

  it('GetProduct → product id; ListProducts → how many products', () => {
    assert.deepEqual(spanAttributesFor('GetProduct', { id: 'OLJCESPC7Z' }, { id: 'OLJCESPC7Z', name: 'Sunglasses' }), {
      'app.product.id': 'OLJCESPC7Z',
    });
    assert.deepEqual(spanAttributesFor('ListProducts', {}, { products: [{}, {}, {}] }), { 'app.products.count': 3 });
  });

  it('an `id` on any other request is not taken for a product id', () => {
    assert.deepEqual(spanAttributesFor('Other', { id: 'x' }, undefined), {});
  });

  it('Convert → source and target currencies, never the amount', () => {
    assert.deepEqual(
      spanAttributesFor('Convert', { from: usd('19'), toCode: 'EUR' }, { currencyCode: 'EUR', units: '17', nanos: 0 }),
      {
        'app.currency.from': 'USD',
        'app.currency.to': 'EUR',
      },
    );
  });

  it('ListRecommendations → user hash, products in view, recommendations returned', () => {
    assert.deepEqual(
      spanAttributesFor(
        'ListRecommendations',
        { userId: USER, productIds: ['A', 'B'] },
        { productIds: ['C', 'D', 'E'] },
      ),
      {
        'user.hash': userIdHash(USER),
        'app.products.count': 2,
        'app.recommendations.count': 3,
      },
    );
  });

  it('GetQuote and ShipOrder → item count and the tracking id, never the address', () => {
    const items = [{ productId: 'A', quantity: 1 }];
    assert.deepEqual(spanAttributesFor('GetQuote', { address: ADDRESS, items }, { costUsd: usd('8') }), {
      'app.items.count': 1,
    });
    assert.deepEqual(spanAttributesFor('ShipOrder', { address: ADDRESS, items }, { trackingId: 'AB-123-456' }), {
      'app.items.count': 1,
      'app.shipping.tracking_id': 'AB-123-456',
    });
  });

  it('Charge → currency and transaction id, never card data', () => {
    const attributes = spanAttributesFor('Charge', { amount: usd('28'), creditCard: CARD }, { transactionId: 'tx-1' });
    assert.deepEqual(attributes, { 'app.currency.code': 'USD', 'app.payment.transaction_id': 'tx-1' });
  });

  it('PlaceOrder → user hash, currency, order id, item count, tracking id; never card, email or address', () => {
    const request = {
      userId: USER,
      userCurrency: 'EUR',
      address: ADDRESS,
      email: 'someone@example.com',
      creditCard: CARD,
    };
    const order = { orderId: 'order-1', shippingTrackingId: 'AB-1', shippingAddress: ADDRESS, items: [{}, {}] };
    const attributes = spanAttributesFor('PlaceOrder', request, { order });
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

  it('SendOrderConfirmation → order id and item count, never the email address', () => {
    const attributes = spanAttributesFor(
      'SendOrderConfirmation',
      { email: 'someone@example.com', order: { orderId: 'o-2', items: [{}] } },
      {},
    );
    assert.deepEqual(attributes, { 'app.order.id': 'o-2', 'app.order.items.count': 1 });
  });

  it('GetAds → how many ads were returned', () => {
    assert.deepEqual(spanAttributesFor('GetAds', { contextKeys: ['kitchen'] }, { ads: [{}, {}] }), {
      'app.ads.count': 2,
    });
  });

  it('a failed call (no response) and odd request shapes → only what the request safely gives', () => {
    assert.deepEqual(spanAttributesFor('AddItem', { userId: '', item: null }, undefined), {});
    assert.deepEqual(spanAttributesFor('AddItem', null, null), {});
    assert.deepEqual(spanAttributesFor('AddItem', 'text', 42), {});
  });
});
