import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  closeAllChannels,
  createClient,
  hipstershop,
  isServiceError,
  type Money,
  money,
  status,
  type UnaryClient,
} from '@boutique/kit';
import type { PlaceOrderRequest } from '@boutique/kit/generated/hipstershop/PlaceOrderRequest';
import { type Stack, startStack } from '@boutique/tools/stack';
import { PRODUCT } from './fixtures/catalog';
import { ADDRESS, CARD, EMAIL } from './fixtures/checkout';
import { logged } from './fixtures/logs';

const SERVICES = [
  'productcatalogservice',
  'currencyservice',
  'cartservice',
  'shippingservice',
  'paymentservice',
  'emailservice',
  'checkoutservice',
];
const call = { deadlineMs: 10_000 };

describe('PlaceOrder through the real processes', () => {
  let stack: Stack;
  let cart: UnaryClient<typeof hipstershop.CartService.service>;
  let checkout: UnaryClient<typeof hipstershop.CheckoutService.service>;
  let catalog: UnaryClient<typeof hipstershop.ProductCatalogService.service>;
  let currency: UnaryClient<typeof hipstershop.CurrencyService.service>;
  let shipping: UnaryClient<typeof hipstershop.ShippingService.service>;

  before(async () => {
    // Debug level: the payment service logs each approved charge's amount, the one figure of an
    // order that does not come back in its result.
    stack = await startStack({ only: SERVICES, env: { LOG_LEVEL: 'debug' } });
    cart = createClient(hipstershop.CartService, stack.addrs.cartservice!);
    checkout = createClient(hipstershop.CheckoutService, stack.addrs.checkoutservice!);
    catalog = createClient(hipstershop.ProductCatalogService, stack.addrs.productcatalogservice!);
    currency = createClient(hipstershop.CurrencyService, stack.addrs.currencyservice!);
    shipping = createClient(hipstershop.ShippingService, stack.addrs.shippingservice!);
  });
  after(async () => {
    closeAllChannels();
    await stack?.stop();
  });

  function aRequest(userId: string, overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
    return {
      userId,
      userCurrency: 'EUR',
      address: ADDRESS,
      email: EMAIL,
      creditCard: CARD,
      ...overrides,
    };
  }

  const charges = () => logged(stack.logs, 'paymentservice', 'charge approved');

  it('places an order: ids returned, exact prices, the exact total charged, the cart emptied, the email rendered', async () => {
    const userId = randomUUID();
    await cart.AddItem({ userId, item: { productId: PRODUCT.sunglasses, quantity: 2 } }, call);
    await cart.AddItem({ userId, item: { productId: PRODUCT.tankTop, quantity: 1 } }, call);
    await cart.AddItem({ userId, item: { productId: PRODUCT.sunglasses, quantity: 1 } }, call);
    const cartBefore = await cart.GetCart({ userId }, call);

    const { order } = await checkout.PlaceOrder(aRequest(userId), call);

    assert.match(order!.orderId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(order!.shippingTrackingId, /^[A-Y]{2}-\d+-\d+$/);
    assert.deepEqual(order!.shippingAddress, ADDRESS);

    // Every price as the catalog and currency services give it, independently of checkout.
    const expectedItems = [];
    for (const { productId, quantity } of cartBefore.items) {
      const { priceUsd } = await catalog.GetProduct({ id: productId }, call);
      expectedItems.push({
        item: { productId, quantity },
        cost: await currency.Convert({ from: priceUsd, toCode: 'EUR' }, call),
      });
    }
    const { costUsd } = await shipping.GetQuote({ address: ADDRESS, items: cartBefore.items }, call);
    const expectedShipping = await currency.Convert({ from: costUsd, toCode: 'EUR' }, call);
    assert.deepEqual(order!.items, expectedItems);
    assert.deepEqual(order!.shippingCost, expectedShipping);
    assert.deepEqual(
      order!.items.map((line) => [line.item!.productId, line.item!.quantity]),
      [
        [PRODUCT.sunglasses, 3],
        [PRODUCT.tankTop, 1],
      ],
    );

    const total = money.total('EUR', [
      expectedShipping,
      ...expectedItems.map((line) => money.multiply(line.cost as Money, line.item.quantity)),
    ]);
    const approved = charges();
    assert.equal(approved.length, 1, 'exactly one charge');
    assert.equal(approved[0]!.currency, 'EUR');
    assert.equal(approved[0]!.amount, money.toDecimalString(total));

    assert.deepEqual((await cart.GetCart({ userId }, call)).items, []);
    const emails = logged(stack.logs, 'emailservice', 'order confirmation rendered, not sent (no SMTP_HOST)');
    assert.ok(
      emails.some((entry) => entry.orderId === order!.orderId),
      'confirmation not rendered',
    );
  });

  it('an empty cart → FAILED_PRECONDITION, nothing charged', async () => {
    const chargesBefore = charges().length;
    await assert.rejects(checkout.PlaceOrder(aRequest(randomUUID()), call), (err: unknown) => {
      assert.ok(isServiceError(err));
      assert.equal(err.code, status.FAILED_PRECONDITION);
      return true;
    });
    assert.equal(charges().length, chargesBefore);
  });

  it('an expired card → INVALID_ARGUMENT with the payment message, and the cart is kept', async () => {
    const userId = randomUUID();
    await cart.AddItem({ userId, item: { productId: PRODUCT.sunglasses, quantity: 1 } }, call);
    const expired = { ...CARD, creditCardExpirationYear: 2020 };
    await assert.rejects(checkout.PlaceOrder(aRequest(userId, { creditCard: expired }), call), (err: unknown) => {
      assert.ok(isServiceError(err));
      assert.equal(err.code, status.INVALID_ARGUMENT);
      assert.match(err.details, /^payment refused: .*0454.*expired/);
      assert.ok(!err.details.includes('4432'), 'the full card number came back');
      return true;
    });
    assert.deepEqual((await cart.GetCart({ userId }, call)).items, [{ productId: PRODUCT.sunglasses, quantity: 1 }]);
  });
});
