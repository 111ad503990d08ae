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

// The lead's launcher, loaded at run time and typed here by what this test uses: the tools workspace
// is built after the services (tsc -b order) and is not part of the service's image.
interface Stack {
  addrs: Record<string, string>;
  logs: Record<string, string[]>;
  stop(): Promise<void>;
}
const { startStack } = require('@boutique/tools/stack') as {
  startStack(options: { env?: Record<string, string>; only?: readonly string[] }): Promise<Stack>;
};

const SERVICES = [
  'productcatalogservice',
  'currencyservice',
  'cartservice',
  'shippingservice',
  'paymentservice',
  'emailservice',
  'checkoutservice',
];
const ADDRESS = {
  streetAddress: '1600 Amphitheatre Parkway',
  city: 'Mountain View',
  state: 'CA',
  country: 'United States',
  zipCode: 94043,
};
const CARD = {
  creditCardNumber: '4432-8015-6152-0454',
  creditCardCvv: 672,
  creditCardExpirationYear: new Date().getFullYear() + 2,
  creditCardExpirationMonth: 1,
};
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
      email: 'someone@example.com',
      creditCard: CARD,
      ...overrides,
    };
  }

  /** The JSON log lines of a service with the given message. */
  function logged(service: string, message: string): Record<string, unknown>[] {
    return (stack.logs[service] ?? [])
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.message === message);
  }

  it('places an order: ids returned, exact prices, the exact total charged, the cart emptied, the email rendered', async () => {
    const userId = randomUUID();
    await cart.AddItem({ userId, item: { productId: 'OLJCESPC7Z', quantity: 2 } }, call);
    await cart.AddItem({ userId, item: { productId: '66VCHSJNUP', quantity: 1 } }, call);
    await cart.AddItem({ userId, item: { productId: 'OLJCESPC7Z', quantity: 1 } }, call);
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
        ['OLJCESPC7Z', 3],
        ['66VCHSJNUP', 1],
      ],
    );

    const total = money.total('EUR', [
      expectedShipping,
      ...expectedItems.map((line) => money.multiply(line.cost as Money, line.item.quantity)),
    ]);
    const charges = logged('paymentservice', 'charge approved');
    assert.equal(charges.length, 1, 'exactly one charge');
    assert.equal(charges[0]!.currency, 'EUR');
    assert.equal(charges[0]!.amount, money.toDecimalString(total));

    assert.deepEqual((await cart.GetCart({ userId }, call)).items, []);
    const emails = logged('emailservice', 'order confirmation rendered, not sent (no SMTP_HOST)');
    assert.ok(
      emails.some((entry) => entry.orderId === order!.orderId),
      'confirmation not rendered',
    );
  });

  it('an empty cart → FAILED_PRECONDITION, nothing charged', async () => {
    const chargesBefore = logged('paymentservice', 'charge approved').length;
    await assert.rejects(checkout.PlaceOrder(aRequest(randomUUID()), call), (err: unknown) => {
      assert.ok(isServiceError(err));
      assert.equal(err.code, status.FAILED_PRECONDITION);
      return true;
    });
    assert.equal(logged('paymentservice', 'charge approved').length, chargesBefore);
  });

  it('an expired card → INVALID_ARGUMENT with the payment message, and the cart is kept', async () => {
    const userId = randomUUID();
    await cart.AddItem({ userId, item: { productId: 'OLJCESPC7Z', quantity: 1 } }, call);
    const expired = { ...CARD, creditCardExpirationYear: 2020 };
    await assert.rejects(checkout.PlaceOrder(aRequest(userId, { creditCard: expired }), call), (err: unknown) => {
      assert.ok(isServiceError(err));
      assert.equal(err.code, status.INVALID_ARGUMENT);
      assert.match(err.details, /^payment refused: .*0454.*expired/);
      assert.ok(!err.details.includes('4432'), 'the full card number came back');
      return true;
    });
    assert.deepEqual((await cart.GetCart({ userId }, call)).items, [{ productId: 'OLJCESPC7Z', quantity: 1 }]);
  });
});
