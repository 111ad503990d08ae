import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, type Money } from '@boutique/kit';
import type { OrderResult__Output } from '@boutique/kit/generated/hipstershop/OrderResult';
import { priceOrder, renderConfirmation } from './confirmation';

const usd = (units: string, nanos = 0): Money => ({ currencyCode: 'USD', units, nanos });

function anOrder(overrides: Partial<OrderResult__Output> = {}): OrderResult__Output {
  return {
    orderId: '7c9f4a8e-2d5b-4c1e-9f3a-1b2c3d4e5f60',
    shippingTrackingId: 'AB-20123-101234567',
    shippingCost: usd('8', 990_000_000),
    shippingAddress: {
      streetAddress: '1600 Amphitheatre Parkway',
      city: 'Mountain View',
      state: 'CA',
      country: 'United States',
      zipCode: 94043,
    },
    items: [
      { item: { productId: 'OLJCESPC7Z', quantity: 2 }, cost: usd('19', 990_000_000) },
      { item: { productId: '66VCHSJNUP', quantity: 1 }, cost: usd('18', 990_000_000) },
    ],
    ...overrides,
  };
}

function rejects(order: OrderResult__Output | null, message: string): void {
  assert.throws(
    () => priceOrder(order),
    (err: unknown) => err instanceof DomainError && err.kind === 'INVALID_ARGUMENT' && err.message === message,
  );
}

describe('priceOrder', () => {
  it('totals shipping plus each unit price times its quantity, exactly', () => {
    const priced = priceOrder(anOrder());
    assert.deepEqual(priced.total, usd('67', 960_000_000)); // 8.99 + 2 × 19.99 + 18.99
    assert.deepEqual(
      priced.lines.map((line) => line.lineTotal),
      [usd('39', 980_000_000), usd('18', 990_000_000)],
    );
  });

  it('totals an order without items as its shipping cost', () => {
    assert.deepEqual(priceOrder(anOrder({ items: [] })).total, usd('8', 990_000_000));
  });

  it('adds amounts that have no exact binary fraction without drift', () => {
    const cost: Money = { currencyCode: 'JPY', units: '2235', nanos: 60_592_707 };
    const priced = priceOrder(
      anOrder({
        shippingCost: { currencyCode: 'JPY', units: '1005', nanos: 162_317_560 },
        items: [{ item: { productId: 'OLJCESPC7Z', quantity: 3 }, cost }],
      }),
    );
    assert.deepEqual(priced.total, { currencyCode: 'JPY', units: '7710', nanos: 344_095_681 });
  });

  it('missing order → INVALID_ARGUMENT', () => rejects(null, 'order is required'));
  it('empty order id → INVALID_ARGUMENT', () => rejects(anOrder({ orderId: ' ' }), 'order.order_id is required'));
  it('order id with a line break → INVALID_ARGUMENT', () =>
    rejects(anOrder({ orderId: 'x\r\nBcc: a@b.com' }), 'order.order_id must be at most 128 printable characters'));
  it('missing shipping cost → INVALID_ARGUMENT', () =>
    rejects(anOrder({ shippingCost: null }), 'order.shipping_cost is missing'));
  it('malformed shipping cost → INVALID_ARGUMENT', () =>
    rejects(anOrder({ shippingCost: usd('1', -5) }), 'order.shipping_cost has units and nanos of opposite signs'));
  it('item without its cart item → INVALID_ARGUMENT', () =>
    rejects(anOrder({ items: [{ item: null, cost: usd('1') }] }), 'order.items[0].item is required'));
  it('item without a product id → INVALID_ARGUMENT', () =>
    rejects(
      anOrder({ items: [{ item: { productId: '', quantity: 1 }, cost: usd('1') }] }),
      'order.items[0].item.product_id is required',
    ));
  it('item with quantity 0 → INVALID_ARGUMENT', () =>
    rejects(
      anOrder({ items: [{ item: { productId: 'A', quantity: 0 }, cost: usd('1') }] }),
      'order.items[0].item.quantity must be at least 1, got 0',
    ));
  it('item without a cost → INVALID_ARGUMENT', () =>
    rejects(
      anOrder({ items: [{ item: { productId: 'A', quantity: 1 }, cost: null }] }),
      'order.items[0].cost is missing',
    ));
  it('item priced in another currency → INVALID_ARGUMENT', () =>
    rejects(
      anOrder({
        items: [{ item: { productId: 'A', quantity: 1 }, cost: { currencyCode: 'EUR', units: '1', nanos: 0 } }],
      }),
      'order.items[0].cost is in EUR, the shipping cost in USD',
    ));
});

describe('renderConfirmation', () => {
  it('puts the order id in the subject', () => {
    assert.equal(
      renderConfirmation(anOrder()).subject,
      'Your Online Boutique order 7c9f4a8e-2d5b-4c1e-9f3a-1b2c3d4e5f60',
    );
  });

  it('renders every fact of the order as plain text', () => {
    assert.equal(
      renderConfirmation(anOrder()).text,
      [
        'Thank you for your order',
        '',
        'We have received your order and it is on its way.',
        '',
        'Order number:    7c9f4a8e-2d5b-4c1e-9f3a-1b2c3d4e5f60',
        'Tracking number: AB-20123-101234567',
        '',
        'Shipping to:',
        '  1600 Amphitheatre Parkway',
        '  Mountain View, CA 94043',
        '  United States',
        '',
        'Items:',
        '  2 x OLJCESPC7Z at $19.99 = $39.98',
        '  1 x 66VCHSJNUP at $18.99 = $18.99',
        '',
        'Shipping: $8.99',
        'Total:    $67.96',
        '',
      ].join('\n'),
    );
  });

  it('renders every fact of the order in the HTML', () => {
    const { html } = renderConfirmation(anOrder());
    for (const fact of [
      '7c9f4a8e-2d5b-4c1e-9f3a-1b2c3d4e5f60',
      'AB-20123-101234567',
      '1600 Amphitheatre Parkway<br>Mountain View, CA 94043<br>United States',
      '>OLJCESPC7Z</td>',
      '>2</td>',
      '>$19.99</td>',
      '>$39.98</td>',
      '>$8.99</td>',
      '>$67.96</td>',
    ]) {
      assert.ok(html.includes(fact), `HTML lacks ${fact}`);
    }
    assert.match(html, /^<!doctype html>/);
  });

  it('escapes user-supplied values in the HTML and leaves the text part literal', () => {
    const order = anOrder({
      shippingAddress: {
        streetAddress: '<script>alert(1)</script>',
        city: 'Tom & "Jerry"',
        state: '',
        country: "O'Land",
        zipCode: 0,
      },
      items: [{ item: { productId: '<img src=x onerror=alert(2)>', quantity: 1 }, cost: usd('1') }],
    });
    const { html, text } = renderConfirmation(order);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('Tom &amp; &quot;Jerry&quot;'));
    assert.ok(html.includes('O&#39;Land'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;'));
    assert.ok(!html.includes('<script>') && !html.includes('<img'));
    assert.ok(text.includes('  <script>alert(1)</script>\n  Tom & "Jerry"\n'));
  });

  it('says so when there is no address or tracking number', () => {
    const { html, text } = renderConfirmation(anOrder({ shippingAddress: null, shippingTrackingId: '' }));
    assert.ok(text.includes('Tracking number: not yet available'));
    assert.ok(text.includes('Shipping to:\n  no address given'));
    assert.ok(html.includes('no address given'));
  });

  it('formats amounts in the order currency', () => {
    const eur = (units: string, nanos: number): Money => ({ currencyCode: 'EUR', units, nanos });
    const { text } = renderConfirmation(
      anOrder({
        shippingCost: eur('7', 952_233_525),
        items: [{ item: { productId: 'OLJCESPC7Z', quantity: 2 }, cost: eur('17', 682_441_398) }],
      }),
    );
    assert.ok(text.includes('  2 x OLJCESPC7Z at €17.68 = €35.36'));
    assert.ok(text.includes('Total:    €43.31')); // 7.952233525 + 35.364882796 = 43.317116321, truncated
  });
});
