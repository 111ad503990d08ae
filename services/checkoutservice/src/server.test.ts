import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  checkHealth,
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  invalidArgument,
  isServiceError,
  type Money,
  notFound,
  type Running,
  serve,
  status,
  unary,
  unavailable,
} from '@boutique/kit';
import type { CartServiceHandlers } from '@boutique/kit/generated/hipstershop/CartService';
import type { CurrencyServiceHandlers } from '@boutique/kit/generated/hipstershop/CurrencyService';
import type { EmailServiceHandlers } from '@boutique/kit/generated/hipstershop/EmailService';
import type { PaymentServiceHandlers } from '@boutique/kit/generated/hipstershop/PaymentService';
import type { PlaceOrderRequest } from '@boutique/kit/generated/hipstershop/PlaceOrderRequest';
import type { ProductCatalogServiceHandlers } from '@boutique/kit/generated/hipstershop/ProductCatalogService';
import type { ShippingServiceHandlers } from '@boutique/kit/generated/hipstershop/ShippingService';
import { type Addresses, connectDeps, DEADLINES, type Deadlines } from './gateways';
import { checkoutService } from './server';

const log = initLogger('checkoutservice-test', { level: 'silent' });

const eur = (units: number, nanos: number): Money => ({ currencyCode: 'EUR', units: String(units), nanos });
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the fake downstream services do, reset before each test: `fail[step]` makes that RPC throw,
 * `slow[step]` delays it. Every call is recorded.
 */
const world = {
  cart: [] as { productId: string; quantity: number }[],
  fail: {} as Record<string, () => unknown>,
  slow: {} as Record<string, number>,
  calls: [] as { rpc: string; request: unknown }[],
  priceUsd: { currencyCode: 'USD', units: '19', nanos: 990_000_000 } as Money,
};
const callsTo = (rpc: string) => world.calls.filter((call) => call.rpc === rpc).map((call) => call.request);

function fake<Req, Res>(rpc: string, answer: (request: Req) => Res) {
  return unary(async (request: Req) => {
    world.calls.push({ rpc, request });
    if (world.slow[rpc]) await delay(world.slow[rpc]);
    const failure = world.fail[rpc];
    if (failure) throw failure();
    return answer(request);
  });
}

// Conversions USD → EUR as the original's algorithm computes them (docs/compatibility.md, Catalog and currency rates).
const TO_EUR: Record<string, Money> = { '19/990000000': eur(17, 682_441_398), '8/990000000': eur(7, 952_233_525) };

const cart: CartServiceHandlers = {
  AddItem: fake('AddItem', () => ({})),
  GetCart: fake('GetCart', ({ userId }) => ({ userId, items: world.cart })),
  EmptyCart: fake('EmptyCart', () => ({})),
};
const catalog: ProductCatalogServiceHandlers = {
  ListProducts: fake('ListProducts', () => ({ products: [] })),
  GetProduct: fake('GetProduct', ({ id }) => ({ id, name: id, priceUsd: world.priceUsd, categories: [] })),
  SearchProducts: fake('SearchProducts', () => ({ results: [] })),
};
const currency: CurrencyServiceHandlers = {
  GetSupportedCurrencies: fake('GetSupportedCurrencies', () => ({ currencyCodes: ['USD', 'EUR', 'JPY'] })),
  Convert: fake('Convert', ({ from }) => TO_EUR[`${from!.units}/${from!.nanos}`]!),
};
const shipping: ShippingServiceHandlers = {
  GetQuote: fake('GetQuote', () => ({ costUsd: { currencyCode: 'USD', units: '8', nanos: 990_000_000 } })),
  ShipOrder: fake('ShipOrder', () => ({ trackingId: 'QW-31123-157654321' })),
};
const payment: PaymentServiceHandlers = {
  Charge: fake('Charge', () => ({ transactionId: '5f7a0c2e-8d41-4b6a-9e3f-2c1d0b9a8e7f' })),
};
const email: EmailServiceHandlers = {
  SendOrderConfirmation: fake('SendOrderConfirmation', () => ({})),
};

const CARD = {
  creditCardNumber: '4432-8015-6152-0454',
  creditCardCvv: 672,
  creditCardExpirationYear: 2039,
  creditCardExpirationMonth: 1,
};
const ADDRESS = {
  streetAddress: '1600 Amphitheatre Parkway',
  city: 'Mountain View',
  state: 'CA',
  country: 'United States',
  zipCode: 94043,
};
function aRequest(overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  return {
    userId: 'user-1',
    userCurrency: 'EUR',
    address: ADDRESS,
    email: 'someone@example.com',
    creditCard: CARD,
    ...overrides,
  };
}

async function expectStatus(promise: Promise<unknown>, code: status, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isServiceError(err), `not a gRPC error: ${String(err)}`);
    assert.equal(err.code, code, `got ${status[err.code]}: ${err.details}`);
    if (typeof message === 'string') assert.equal(err.details, message);
    else if (message) assert.match(err.details, message);
    return true;
  });
}

describe('CheckoutService over gRPC, with fake dependencies', () => {
  let downstream: Running;
  let addresses: Addresses;
  const running: Running[] = [];

  /** A checkout server wired to the fakes, with some addresses or deadlines replaced. */
  async function startCheckout(replace: Partial<Addresses> = {}, deadlines: Partial<Deadlines> = {}) {
    // No price cache: each test changes what the fakes answer.
    const deps = connectDeps({ ...addresses, ...replace }, log, {
      deadlines: { ...DEADLINES, ...deadlines },
      priceCacheTtlMs: 0,
    });
    const server = await serve({ port: 0, handleSignals: false, services: [checkoutService(deps)] });
    running.push(server);
    return { port: server.port, client: createClient(hipstershop.CheckoutService, `127.0.0.1:${server.port}`) };
  }
  let checkout: Awaited<ReturnType<typeof startCheckout>>;

  before(async () => {
    downstream = await serve({
      port: 0,
      handleSignals: false,
      services: [
        { service: hipstershop.CartService.service, handlers: cart },
        { service: hipstershop.ProductCatalogService.service, handlers: catalog },
        { service: hipstershop.CurrencyService.service, handlers: currency },
        { service: hipstershop.ShippingService.service, handlers: shipping },
        { service: hipstershop.PaymentService.service, handlers: payment },
        { service: hipstershop.EmailService.service, handlers: email },
      ],
    });
    const at = `127.0.0.1:${downstream.port}`;
    addresses = { cart: at, catalog: at, currency: at, shipping: at, payment: at, email: at };
    checkout = await startCheckout();
  });
  beforeEach(() => {
    world.cart = [
      { productId: 'OLJCESPC7Z', quantity: 2 },
      { productId: '66VCHSJNUP', quantity: 1 },
    ];
    world.fail = {};
    world.slow = {};
    world.calls = [];
    world.priceUsd = { currencyCode: 'USD', units: '19', nanos: 990_000_000 };
  });
  after(async () => {
    closeAllChannels();
    await Promise.all([downstream, ...running].map((server) => server.shutdown()));
  });

  it('answers health SERVING', async () => {
    assert.equal(await checkHealth(`127.0.0.1:${checkout.port}`), 'SERVING');
    assert.equal(await checkHealth(`127.0.0.1:${checkout.port}`, 'hipstershop.CheckoutService'), 'SERVING');
  });

  it('places the order: charges the exact total once, ships, empties the cart, sends the email', async () => {
    const { order } = await checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 });

    assert.match(order!.orderId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(
      { ...order, orderId: 'x' },
      {
        orderId: 'x',
        shippingTrackingId: 'QW-31123-157654321',
        shippingCost: eur(7, 952_233_525),
        shippingAddress: ADDRESS,
        items: [
          { item: { productId: 'OLJCESPC7Z', quantity: 2 }, cost: eur(17, 682_441_398) },
          { item: { productId: '66VCHSJNUP', quantity: 1 }, cost: eur(17, 682_441_398) },
        ],
      },
    );
    // 3 × 17.682441398 + 7.952233525
    assert.deepEqual(callsTo('Charge'), [{ amount: eur(60, 999_557_719), creditCard: CARD }]);
    assert.deepEqual(callsTo('ShipOrder'), [{ address: ADDRESS, items: world.cart }]);
    assert.deepEqual(callsTo('EmptyCart'), [{ userId: 'user-1' }]);
    assert.deepEqual(callsTo('SendOrderConfirmation'), [{ email: 'someone@example.com', order }]);
    assert.equal(callsTo('GetProduct').length, 2);
  });

  it('empty cart → FAILED_PRECONDITION', async () => {
    world.cart = [];
    await expectStatus(
      checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }),
      status.FAILED_PRECONDITION,
      'the cart is empty',
    );
    assert.deepEqual(callsTo('Charge'), []);
  });

  for (const [field, overrides, message] of [
    ['address', { address: null }, 'address is required'],
    ['email', { email: '' }, 'email is required'],
    ['card', { creditCard: null }, 'credit_card is required'],
    ['user id', { userId: '' }, 'user_id is required'],
  ] as const) {
    it(`missing ${field} → INVALID_ARGUMENT`, async () => {
      await expectStatus(
        checkout.client.PlaceOrder(aRequest(overrides), { deadlineMs: 5_000 }),
        status.INVALID_ARGUMENT,
        message,
      );
      assert.deepEqual(world.calls, []);
    });
  }

  it('unsupported currency → INVALID_ARGUMENT', async () => {
    await expectStatus(
      checkout.client.PlaceOrder(aRequest({ userCurrency: 'XYZ' }), { deadlineMs: 5_000 }),
      status.INVALID_ARGUMENT,
      'user_currency "XYZ" is not supported',
    );
  });

  it('card refused by payment (INVALID_ARGUMENT) → INVALID_ARGUMENT with the payment message', async () => {
    world.fail.Charge = () => invalidArgument('credit card ending 0454 expired in 01/2020');
    await expectStatus(
      checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }),
      status.INVALID_ARGUMENT,
      'payment refused: credit card ending 0454 expired in 01/2020',
    );
    assert.equal(callsTo('Charge').length, 1);
    assert.deepEqual([callsTo('ShipOrder'), callsTo('EmptyCart'), callsTo('SendOrderConfirmation')], [[], [], []]);
  });

  it('currency refuses our own amount (INVALID_ARGUMENT) → INTERNAL, nothing charged', async () => {
    world.fail.Convert = () => invalidArgument('from has nanos 1000000000');
    await expectStatus(
      checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }),
      status.INTERNAL,
      'internal error',
    );
    assert.deepEqual(callsTo('Charge'), []);
  });

  it('catalog answers a malformed price → INTERNAL, nothing charged', async () => {
    world.priceUsd = { currencyCode: 'USD', units: '19', nanos: -5 };
    await expectStatus(checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }), status.INTERNAL);
    assert.deepEqual(callsTo('Charge'), []);
  });

  it('product no longer in the catalog (NOT_FOUND) → FAILED_PRECONDITION naming it', async () => {
    world.fail.GetProduct = () => notFound('no product with id "OLJCESPC7Z"');
    await expectStatus(
      checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }),
      status.FAILED_PRECONDITION,
      /^the cart holds product "(OLJCESPC7Z|66VCHSJNUP)", which is no longer in the catalog$/,
    );
  });

  it('shipping refuses the address (INVALID_ARGUMENT) → INVALID_ARGUMENT', async () => {
    world.fail.GetQuote = () => invalidArgument('address.zip_code is not valid');
    await expectStatus(
      checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }),
      status.INVALID_ARGUMENT,
      'shipping refused the order: address.zip_code is not valid',
    );
    assert.deepEqual(callsTo('Charge'), []);
  });

  it('a dependency failing with UNAVAILABLE → UNAVAILABLE naming it', async () => {
    world.fail.GetCart = () => unavailable('redis unreachable');
    await expectStatus(
      checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }),
      status.UNAVAILABLE,
      'cart service is unavailable',
    );
  });

  it('catalog down (nothing listening) → UNAVAILABLE, nothing charged', async () => {
    const { client } = await startCheckout({ catalog: '127.0.0.1:1' });
    await expectStatus(
      client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }),
      status.UNAVAILABLE,
      'product catalog is unavailable',
    );
    assert.deepEqual(callsTo('Charge'), []);
  });

  it('payment too slow → DEADLINE_EXCEEDED, charge attempted exactly once and nothing shipped', async () => {
    const { client } = await startCheckout({}, { charge: 200 });
    world.slow.Charge = 600;
    await expectStatus(
      client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }),
      status.DEADLINE_EXCEEDED,
      'payment service did not answer within 200 ms',
    );
    await delay(500); // let the slow charge finish: no second attempt may follow
    assert.equal(callsTo('Charge').length, 1);
    assert.deepEqual(callsTo('ShipOrder'), []);
  });

  it('shipping fails after the charge → UNAVAILABLE, ShipOrder not retried', async () => {
    world.fail.ShipOrder = () => unavailable('down');
    await expectStatus(
      checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }),
      status.UNAVAILABLE,
      'shipping service is unavailable',
    );
    assert.equal(callsTo('Charge').length, 1);
    assert.equal(callsTo('ShipOrder').length, 1);
  });

  it('email service down → the order is still placed', async () => {
    const { client } = await startCheckout({ email: '127.0.0.1:1' });
    const { order } = await client.PlaceOrder(aRequest(), { deadlineMs: 5_000 });
    assert.equal(order!.shippingTrackingId, 'QW-31123-157654321');
    assert.equal(callsTo('EmptyCart').length, 1);
  });

  it('emptying the cart fails → the order is still placed', async () => {
    world.fail.EmptyCart = () => unavailable('down');
    const { order } = await checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 });
    assert.equal(order!.shippingTrackingId, 'QW-31123-157654321');
    assert.equal(callsTo('SendOrderConfirmation').length, 1);
  });

  it('keeps serving after failures', async () => {
    world.fail.Charge = () => invalidArgument('refused');
    await expectStatus(checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 }), status.INVALID_ARGUMENT);
    await expectStatus(checkout.client.PlaceOrder({}, { deadlineMs: 5_000 }), status.INVALID_ARGUMENT);
    world.fail = {};
    const { order } = await checkout.client.PlaceOrder(aRequest(), { deadlineMs: 5_000 });
    assert.ok(order!.orderId);
  });
});
