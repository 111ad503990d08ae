import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { beforeEach, describe, it } from 'node:test';
import { DomainError, failedPrecondition, initLogger, invalidArgument, type Money, unavailable } from '@boutique/kit';
import type { PlaceOrderRequest__Output } from '@boutique/kit/generated/hipstershop/PlaceOrderRequest';
import { placeOrder, totalOf } from './place-order';
import type { Address, CartItem, CreditCard, Deps, Order } from './ports';

// Log lines of this process, parsed, so tests can assert on what was logged.
const logLines: Record<string, unknown>[] = [];
const log = initLogger('checkoutservice-test', {
  destination: new Writable({
    write(chunk, _encoding, done) {
      logLines.push(JSON.parse(String(chunk)));
      done();
    },
  }),
});
beforeEach(() => {
  logLines.length = 0;
});

const money = (currencyCode: string, units: number, nanos: number): Money => ({
  currencyCode,
  units: String(units),
  nanos,
});
const usd = (units: number, nanos: number) => money('USD', units, nanos);

// The catalog's prices and the original's conversions of them (docs/compatibility.md, Catalog and currency rates).
const PRICES: Record<string, Money> = {
  OLJCESPC7Z: usd(19, 990_000_000),
  '66VCHSJNUP': usd(18, 990_000_000),
  '1YMWWN1N4O': usd(109, 990_000_000),
};
const SHIPPING = usd(8, 990_000_000);
const RATES: Record<string, Record<string, Money>> = {
  '19.990000000': { EUR: money('EUR', 17, 682_441_398), JPY: money('JPY', 2235, 60_592_707) },
  '18.990000000': { EUR: money('EUR', 16, 797_877_046), JPY: money('JPY', 2123, 251_658_614) },
  '109.990000000': { EUR: money('EUR', 97, 293_233_083), TRY: money('TRY', 595, 891_864_663) },
  '8.990000000': {
    EUR: money('EUR', 7, 952_233_525),
    JPY: money('JPY', 1005, 162_317_560),
    TRY: money('TRY', 48, 705_044_670),
  },
};

const ADDRESS: Address = {
  streetAddress: '1600 Amphitheatre Parkway',
  city: 'Mountain View',
  state: 'CA',
  country: 'United States',
  zipCode: 94043,
};
const CARD: CreditCard = {
  creditCardNumber: '4432-8015-6152-0454',
  creditCardCvv: 672,
  creditCardExpirationYear: 2039,
  creditCardExpirationMonth: 1,
};

function aRequest(overrides: Partial<PlaceOrderRequest__Output> = {}): PlaceOrderRequest__Output {
  return {
    userId: 'user-1',
    userCurrency: 'USD',
    address: ADDRESS,
    email: 'someone@example.com',
    creditCard: CARD,
    ...overrides,
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fakes for all six dependencies that record every call; `fail` makes a step throw. */
function fakes(cart: CartItem[], fail: Partial<Record<string, () => Error>> = {}) {
  const calls: { step: string; args: unknown[] }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const step = async <T>(name: string, args: unknown[], result: () => T): Promise<T> => {
    calls.push({ step: name, args });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await delay(2); // long enough for concurrent calls to overlap
    inFlight--;
    const failure = fail[name];
    if (failure) throw failure();
    return result();
  };
  const deps: Deps = {
    cart: {
      getCart: (userId) => step('getCart', [userId], () => cart.map((item) => ({ ...item }))),
      emptyCart: (userId) => step('emptyCart', [userId], () => undefined),
      reachable: async () => {},
    },
    catalog: { priceOf: (id) => step('priceOf', [id], () => PRICES[id]!), reachable: async () => {} },
    currency: {
      supportedCurrencies: () => step('supportedCurrencies', [], () => new Set(['USD', 'EUR', 'JPY', 'TRY'])),
      convert: (from, toCode) =>
        step('convert', [from, toCode], () => RATES[`${from.units}.${String(from.nanos).padStart(9, '0')}`]![toCode]!),
      reachable: async () => {},
    },
    shipping: {
      quote: (address, items) => step('quote', [address, items], () => SHIPPING),
      ship: (address, items) => step('ship', [address, items], () => 'AB-20123-101234567'),
      reachable: async () => {},
    },
    payment: {
      charge: (amount, card) => step('charge', [amount, card], () => 'txn-1'),
      reachable: async () => {},
    },
    email: {
      sendOrderConfirmation: (email, order) => step('email', [email, order], () => undefined),
      reachable: async () => {},
    },
    log,
  };
  const callsTo = (name: string) => calls.filter((call) => call.step === name).map((call) => call.args);
  return { deps, calls, callsTo, maxInFlight: () => maxInFlight };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function rejectsWith(promise: Promise<unknown>, kind: DomainError['kind'], message: string | RegExp) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof DomainError, `not a DomainError: ${String(err)}`);
    assert.equal(err.kind, kind);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('placeOrder', () => {
  it('charges the exact total once, ships, empties the cart, emails and returns the order', async () => {
    const cart = [
      { productId: 'OLJCESPC7Z', quantity: 2 },
      { productId: '66VCHSJNUP', quantity: 1 },
    ];
    const { deps, callsTo } = fakes(cart);

    const placed = await placeOrder(deps, aRequest());

    const expectedOrder: Order = {
      orderId: placed.order.orderId,
      shippingTrackingId: 'AB-20123-101234567',
      shippingCost: SHIPPING,
      shippingAddress: ADDRESS,
      items: [
        { item: { productId: 'OLJCESPC7Z', quantity: 2 }, cost: usd(19, 990_000_000) },
        { item: { productId: '66VCHSJNUP', quantity: 1 }, cost: usd(18, 990_000_000) },
      ],
    };
    assert.match(placed.order.orderId!, UUID);
    assert.deepEqual(placed.order, expectedOrder);
    assert.deepEqual(placed.total, usd(67, 960_000_000)); // 2 × 19.99 + 18.99 + 8.99
    assert.deepEqual(placed.totalUsd, usd(67, 960_000_000));
    assert.equal(placed.transactionId, 'txn-1');
    assert.deepEqual(callsTo('charge'), [[usd(67, 960_000_000), CARD]]);
    assert.deepEqual(callsTo('ship'), [[ADDRESS, cart]]);
    assert.deepEqual(callsTo('quote'), [[ADDRESS, cart]]);
    assert.deepEqual(callsTo('emptyCart'), [['user-1']]);
    assert.deepEqual(callsTo('email'), [['someone@example.com', expectedOrder]]);
    assert.deepEqual(callsTo('convert'), [], 'USD needs no conversion');
  });

  const currencies: [string, CartItem[], Money, Money][] = [
    // 2 × 17.682441398 + 16.797877046 + 7.952233525
    [
      'EUR',
      [
        { productId: 'OLJCESPC7Z', quantity: 2 },
        { productId: '66VCHSJNUP', quantity: 1 },
      ],
      money('EUR', 7, 952_233_525),
      money('EUR', 60, 114_993_367),
    ],
    // 3 × 2235.060592707 + 2123.251658614 + 1005.162317560
    [
      'JPY',
      [
        { productId: 'OLJCESPC7Z', quantity: 3 },
        { productId: '66VCHSJNUP', quantity: 1 },
      ],
      money('JPY', 1005, 162_317_560),
      money('JPY', 9833, 595_754_295),
    ],
    // 10 × 595.891864663 + 48.705044670
    [
      'TRY',
      [{ productId: '1YMWWN1N4O', quantity: 10 }],
      money('TRY', 48, 705_044_670),
      money('TRY', 6007, 623_691_300),
    ],
  ];
  for (const [currency, cart, shipping, total] of currencies) {
    it(`charges the exact total in ${currency}, every amount converted`, async () => {
      const { deps, callsTo } = fakes(cart);
      const placed = await placeOrder(deps, aRequest({ userCurrency: currency }));
      assert.deepEqual(callsTo('charge'), [[total, CARD]]);
      assert.deepEqual(placed.total, total);
      assert.deepEqual(placed.order.shippingCost, shipping);
      for (const line of placed.order.items!) assert.equal(line.cost!.currencyCode, currency);
      assert.equal(placed.totalUsd?.currencyCode, 'USD', 'revenue is still reported in USD');
      assert.equal(callsTo('convert').length, cart.length + 1);
    });
  }

  it('looks up and converts each distinct product once, all concurrently with the quote', async () => {
    const cart = [
      { productId: 'OLJCESPC7Z', quantity: 1 },
      { productId: '66VCHSJNUP', quantity: 4 },
      { productId: '1YMWWN1N4O', quantity: 1 },
      { productId: 'OLJCESPC7Z', quantity: 2 }, // a second line for the same product
    ];
    const { deps, callsTo, maxInFlight } = fakes(cart);
    const placed = await placeOrder(deps, aRequest({ userCurrency: 'EUR' }));
    assert.deepEqual(
      callsTo('priceOf').map(([id]) => id),
      ['OLJCESPC7Z', '66VCHSJNUP', '1YMWWN1N4O'],
    );
    assert.equal(callsTo('convert').length, 4); // three products and the shipping cost
    assert.ok(maxInFlight() >= 4, `only ${maxInFlight()} calls overlapped`);
    assert.deepEqual(
      placed.order.items!.map((line) => [line.item!.productId, line.item!.quantity, line.cost]),
      [
        ['OLJCESPC7Z', 1, money('EUR', 17, 682_441_398)],
        ['66VCHSJNUP', 4, money('EUR', 16, 797_877_046)],
        ['1YMWWN1N4O', 1, money('EUR', 97, 293_233_083)],
        ['OLJCESPC7Z', 2, money('EUR', 17, 682_441_398)],
      ],
    );
  });

  it('gives every order its own UUID', async () => {
    const cart = [{ productId: 'OLJCESPC7Z', quantity: 1 }];
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await placeOrder(fakes(cart).deps, aRequest())).order.orderId!);
    assert.equal(ids.size, 5);
    for (const id of ids) assert.match(id, UUID);
  });

  it('empty cart → FAILED_PRECONDITION, nothing priced or charged', async () => {
    const { deps, callsTo } = fakes([]);
    await rejectsWith(placeOrder(deps, aRequest()), 'FAILED_PRECONDITION', 'the cart is empty');
    assert.deepEqual([callsTo('priceOf'), callsTo('quote'), callsTo('charge')], [[], [], []]);
  });

  it('a cart of lines without a positive quantity is empty', async () => {
    const { deps, callsTo } = fakes([{ productId: 'OLJCESPC7Z', quantity: 0 }]);
    await rejectsWith(placeOrder(deps, aRequest()), 'FAILED_PRECONDITION', 'the cart is empty');
    assert.deepEqual(callsTo('charge'), []);
  });

  it('skips lines without a positive quantity when others remain', async () => {
    const { deps, callsTo } = fakes([
      { productId: 'OLJCESPC7Z', quantity: 1 },
      { productId: '66VCHSJNUP', quantity: -3 },
    ]);
    const placed = await placeOrder(deps, aRequest());
    assert.deepEqual(callsTo('charge'), [[usd(28, 980_000_000), CARD]]); // 19.99 + 8.99
    assert.equal(placed.order.items!.length, 1);
  });

  it('unsupported currency → INVALID_ARGUMENT, nothing priced or charged', async () => {
    const { deps, callsTo } = fakes([{ productId: 'OLJCESPC7Z', quantity: 1 }]);
    await rejectsWith(
      placeOrder(deps, aRequest({ userCurrency: 'XYZ' })),
      'INVALID_ARGUMENT',
      'user_currency "XYZ" is not supported',
    );
    assert.deepEqual([callsTo('priceOf'), callsTo('charge')], [[], []]);
  });

  const pricingFailures: [string, () => Error, DomainError['kind']][] = [
    ['product lookup', () => unavailable('product catalog is unavailable'), 'UNAVAILABLE'],
    ['priceOf', () => failedPrecondition('the cart holds product "X"'), 'FAILED_PRECONDITION'],
    ['convert', () => unavailable('currency service is unavailable'), 'UNAVAILABLE'],
    ['quote', () => unavailable('shipping service is unavailable'), 'UNAVAILABLE'],
    ['getCart', () => unavailable('cart service is unavailable'), 'UNAVAILABLE'],
  ];
  for (const [failing, error, kind] of pricingFailures) {
    it(`${failing} fails → ${kind}, and nothing is charged, shipped, emptied or emailed`, async () => {
      const step = failing === 'product lookup' ? 'priceOf' : failing;
      const { deps, callsTo } = fakes([{ productId: 'OLJCESPC7Z', quantity: 1 }], { [step]: error });
      await rejectsWith(placeOrder(deps, aRequest({ userCurrency: 'EUR' })), kind, error().message);
      for (const later of ['charge', 'ship', 'emptyCart', 'email']) assert.deepEqual(callsTo(later), [], later);
    });
  }

  it('a bug while pricing (a plain error) stays a plain error, and nothing is charged', async () => {
    const { deps, callsTo } = fakes([{ productId: 'OLJCESPC7Z', quantity: 1 }], {
      convert: () => new Error('currency service failed with INVALID_ARGUMENT: from is missing'),
    });
    await assert.rejects(placeOrder(deps, aRequest({ userCurrency: 'EUR' })), (err: unknown) => {
      assert.ok(!(err instanceof DomainError));
      return true;
    });
    assert.deepEqual(callsTo('charge'), []);
  });

  it('refused card → INVALID_ARGUMENT with the payment message; nothing shipped, emptied or emailed', async () => {
    const { deps, callsTo } = fakes([{ productId: 'OLJCESPC7Z', quantity: 1 }], {
      charge: () => invalidArgument('payment refused: credit card ending 0454 expired in 01/2020'),
    });
    await rejectsWith(
      placeOrder(deps, aRequest()),
      'INVALID_ARGUMENT',
      'payment refused: credit card ending 0454 expired in 01/2020',
    );
    assert.equal(callsTo('charge').length, 1);
    for (const later of ['ship', 'emptyCart', 'email']) assert.deepEqual(callsTo(later), [], later);
  });

  it('shipping fails after the charge → the error, logged with the transaction for reconciliation', async () => {
    const { deps, callsTo } = fakes([{ productId: 'OLJCESPC7Z', quantity: 1 }], {
      ship: () => unavailable('shipping service is unavailable'),
    });
    await rejectsWith(placeOrder(deps, aRequest()), 'UNAVAILABLE', 'shipping service is unavailable');
    assert.equal(callsTo('charge').length, 1);
    assert.equal(callsTo('ship').length, 1, 'never retried');
    assert.deepEqual([callsTo('emptyCart'), callsTo('email')], [[], []]);
    const line = logLines.find((entry) => entry.message === 'order charged but not shipped');
    assert.ok(line);
    assert.equal(line.transactionId, 'txn-1');
    assert.deepEqual(line.total, usd(28, 980_000_000));
  });

  it('email fails → the order is still returned, and the failure is logged', async () => {
    const { deps, callsTo } = fakes([{ productId: 'OLJCESPC7Z', quantity: 1 }], {
      email: () => unavailable('email service is unavailable'),
    });
    const placed = await placeOrder(deps, aRequest());
    assert.equal(placed.order.shippingTrackingId, 'AB-20123-101234567');
    assert.equal(callsTo('charge').length, 1);
    assert.equal(callsTo('emptyCart').length, 1);
    const line = logLines.find((entry) => entry.message === 'order confirmation not sent');
    assert.equal(line?.orderId, placed.order.orderId);
  });

  it('emptying the cart fails → the order is still returned, and the failure is logged', async () => {
    const { deps, callsTo } = fakes([{ productId: 'OLJCESPC7Z', quantity: 1 }], {
      emptyCart: () => unavailable('cart service is unavailable'),
    });
    const placed = await placeOrder(deps, aRequest());
    assert.match(placed.order.orderId!, UUID);
    assert.equal(callsTo('email').length, 1);
    const line = logLines.find((entry) => entry.message === 'cart not emptied after order');
    assert.equal(line?.orderId, placed.order.orderId);
  });

  it('never logs the card', async () => {
    const { deps } = fakes([{ productId: 'OLJCESPC7Z', quantity: 1 }], {
      ship: () => unavailable('shipping service is unavailable'),
    });
    await assert.rejects(placeOrder(deps, aRequest()));
    assert.ok(logLines.length > 0);
    assert.ok(!JSON.stringify(logLines).includes('8015'));
  });

  const invalid: [string, Partial<PlaceOrderRequest__Output>, string][] = [
    ['missing user id', { userId: ' ' }, 'user_id is required'],
    ['missing currency', { userCurrency: '' }, 'user_currency is required'],
    [
      'malformed currency',
      { userCurrency: 'usd' },
      'user_currency "usd" is not a currency code (three upper-case letters)',
    ],
    ['missing address', { address: null }, 'address is required'],
    ['address without street', { address: { ...ADDRESS, streetAddress: '' } }, 'address.street_address is required'],
    ['address without city', { address: { ...ADDRESS, city: ' ' } }, 'address.city is required'],
    ['address without country', { address: { ...ADDRESS, country: '' } }, 'address.country is required'],
    ['missing email', { email: '' }, 'email is required'],
    ['malformed email', { email: 'someone@localhost' }, 'email is not a valid email address'],
    ['email with spaces', { email: 'some one@example.com' }, 'email is not a valid email address'],
    ['missing card', { creditCard: null }, 'credit_card is required'],
    [
      'card without number',
      { creditCard: { ...CARD, creditCardNumber: '' } },
      'credit_card.credit_card_number is required',
    ],
  ];
  for (const [name, overrides, message] of invalid) {
    it(`${name} → INVALID_ARGUMENT, and no dependency is called`, async () => {
      const { deps, calls } = fakes([{ productId: 'OLJCESPC7Z', quantity: 1 }]);
      await rejectsWith(placeOrder(deps, aRequest(overrides)), 'INVALID_ARGUMENT', message);
      assert.deepEqual(calls, []);
    });
  }

  it('an address without state or zip code is fine', async () => {
    const { deps } = fakes([{ productId: 'OLJCESPC7Z', quantity: 1 }]);
    const address = { ...ADDRESS, state: '', zipCode: 0 };
    const placed = await placeOrder(deps, aRequest({ address }));
    assert.deepEqual(placed.order.shippingAddress, address);
  });
});

describe('totalOf', () => {
  it('adds shipping and each unit price times its quantity', () => {
    const items = [{ item: { productId: 'A', quantity: 3 }, cost: usd(0, 100_000_000) }];
    assert.deepEqual(totalOf('USD', items, usd(0, 200_000_000)), usd(0, 500_000_000));
  });

  it('amounts in different currencies → a plain error (our bug, INTERNAL), not INVALID_ARGUMENT', () => {
    const items = [{ item: { productId: 'A', quantity: 1 }, cost: money('EUR', 1, 0) }];
    assert.throws(
      () => totalOf('USD', items, usd(1, 0)),
      (err: unknown) => !(err instanceof DomainError) && /^cannot total the order: /.test((err as Error).message),
    );
  });
});

describe('placeOrder revenue in USD', () => {
  it('is the catalog USD prices times quantities plus the USD quote, whatever the order currency', async () => {
    const { deps } = fakes([{ productId: '1YMWWN1N4O', quantity: 10 }]);
    const placed = await placeOrder(deps, aRequest({ userCurrency: 'TRY' }));
    assert.deepEqual(placed.totalUsd, usd(1108, 890_000_000)); // 10 × 109.99 + 8.99
  });
});
