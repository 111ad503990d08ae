import { setTimeout as sleep } from 'node:timers/promises';
import {
  failedPrecondition,
  hipstershop,
  invalidArgument,
  type Money,
  money,
  notFound,
  type Running,
  serve,
  unary,
} from '@boutique/kit';
import type { Ad__Output } from '@boutique/kit/generated/hipstershop/Ad';
import type { AdServiceHandlers } from '@boutique/kit/generated/hipstershop/AdService';
import type { CartItem__Output } from '@boutique/kit/generated/hipstershop/CartItem';
import type { CartServiceHandlers } from '@boutique/kit/generated/hipstershop/CartService';
import type { CheckoutServiceHandlers } from '@boutique/kit/generated/hipstershop/CheckoutService';
import type { CurrencyServiceHandlers } from '@boutique/kit/generated/hipstershop/CurrencyService';
import type { PlaceOrderRequest__Output } from '@boutique/kit/generated/hipstershop/PlaceOrderRequest';
import type { Product__Output } from '@boutique/kit/generated/hipstershop/Product';
import type { ProductCatalogServiceHandlers } from '@boutique/kit/generated/hipstershop/ProductCatalogService';
import type { RecommendationServiceHandlers } from '@boutique/kit/generated/hipstershop/RecommendationService';
import type { ShippingServiceHandlers } from '@boutique/kit/generated/hipstershop/ShippingService';
import type { BackendAddrs } from '../config';

const usd = (units: number, nanos: number): Money => ({ currencyCode: 'USD', units: String(units), nanos });

/** A small test catalog (ids from the real one, texts of the tests' own). */
export const PRODUCTS: readonly Product__Output[] = [
  {
    id: 'OLJCESPC7Z',
    name: 'Sunglasses',
    description: 'Test sunglasses.',
    picture: '/static/img/products/sunglasses.jpg',
    priceUsd: usd(19, 990_000_000),
    categories: ['accessories'],
  },
  {
    id: '66VCHSJNUP',
    name: 'Tank Top',
    description: 'Test tank top.',
    picture: '/static/img/products/tank-top.jpg',
    priceUsd: usd(18, 990_000_000),
    categories: ['clothing', 'tops'],
  },
  {
    id: '9SIQT8TOJO',
    name: 'Bamboo Glass Jar',
    description: 'Test jar.',
    picture: '/static/img/products/bamboo-glass-jar.jpg',
    priceUsd: usd(5, 490_000_000),
    categories: ['kitchen'],
  },
  {
    id: '6E92ZMYYFZ',
    name: 'Mug',
    description: 'Test mug.',
    picture: '/static/img/products/mug.jpg',
    priceUsd: usd(8, 990_000_000),
    categories: ['kitchen'],
  },
];

/** Exact test rates: how many of each currency one USD buys, as a fraction. */
const RATES: Record<string, [bigint, bigint]> = {
  USD: [1n, 1n],
  EUR: [1n, 2n],
  JPY: [150n, 1n],
  GBP: [3n, 4n],
  CAD: [3n, 2n],
  TRY: [30n, 1n],
};

/** What the fake services answer; each field can be replaced by a test. */
export interface FakeBehaviour {
  catalog: ProductCatalogServiceHandlers;
  currency: CurrencyServiceHandlers;
  cart: CartServiceHandlers;
  recommendation: RecommendationServiceHandlers;
  shipping: ShippingServiceHandlers;
  checkout: CheckoutServiceHandlers;
  ad: AdServiceHandlers;
}

/** Seven fake backends on one in-process gRPC server (real gRPC, so deadlines and status codes are real). */
export interface FakeBackends {
  readonly addr: string;
  readonly addrs: BackendAddrs;
  /** The carts, by user id. */
  readonly carts: Map<string, CartItem__Output[]>;
  /** Every call made, as "Service/Method". */
  readonly calls: string[];
  /** The orders placed. */
  readonly orders: PlaceOrderRequest__Output[];
  /** Replace handlers here (e.g. `fakes.behaviour.ad.GetAds = ...`); reset() restores the defaults. */
  behaviour: FakeBehaviour;
  reset(): void;
  count(method: string): number;
  stop(): Promise<void>;
}

function defaults(fake: {
  carts: Map<string, CartItem__Output[]>;
  orders: PlaceOrderRequest__Output[];
}): FakeBehaviour {
  const findProduct = (id: string) => {
    const product = PRODUCTS.find((p) => p.id === id);
    if (!product) throw notFound(`no product with ID ${id}`);
    return product;
  };
  const convert = (from: Money, to: string): Money => {
    const fromRate = RATES[from.currencyCode];
    const toRate = RATES[to];
    if (!fromRate || !toRate) throw invalidArgument(`unsupported currency ${!fromRate ? from.currencyCode : to}`);
    const nanos = (money.toNanos(from) * fromRate[1] * toRate[0]) / (fromRate[0] * toRate[1]);
    return money.fromNanos(to, nanos);
  };
  return {
    catalog: {
      ListProducts: unary(() => ({ products: [...PRODUCTS] })),
      GetProduct: unary(({ id }) => findProduct(id)),
      SearchProducts: unary(({ query }) => ({
        results: PRODUCTS.filter((p) => `${p.name} ${p.description}`.toLowerCase().includes(query.toLowerCase())),
      })),
    },
    currency: {
      GetSupportedCurrencies: unary(() => ({ currencyCodes: ['EUR', 'USD', 'JPY', 'CHF', 'GBP', 'TRY', 'CAD'] })),
      Convert: unary(({ from, toCode }) => convert(from!, toCode)),
    },
    cart: {
      AddItem: unary(({ userId, item }) => {
        const items = fake.carts.get(userId) ?? [];
        const existing = items.find((i) => i.productId === item!.productId);
        if (existing) existing.quantity += item!.quantity;
        else items.push({ productId: item!.productId, quantity: item!.quantity });
        fake.carts.set(userId, items);
        return {};
      }),
      GetCart: unary(({ userId }) => ({ userId, items: fake.carts.get(userId) ?? [] })),
      EmptyCart: unary(({ userId }) => {
        fake.carts.delete(userId);
        return {};
      }),
    },
    recommendation: {
      ListRecommendations: unary(({ productIds }) => ({
        productIds: PRODUCTS.map((p) => p.id).filter((id) => !productIds.includes(id)),
      })),
    },
    shipping: {
      GetQuote: unary(({ items }) => ({ costUsd: items.length > 0 ? usd(8, 990_000_000) : money.zero('USD') })),
      ShipOrder: unary(() => ({ trackingId: 'AB-12345-6789012' })),
    },
    checkout: {
      PlaceOrder: unary((request) => {
        const items = fake.carts.get(request.userId) ?? [];
        if (items.length === 0) throw failedPrecondition('your cart is empty');
        if (request.creditCard!.creditCardNumber.startsWith('37')) {
          throw invalidArgument('only VISA or MasterCard are accepted, not American Express');
        }
        fake.orders.push(request);
        fake.carts.delete(request.userId);
        return {
          order: {
            orderId: 'order-0001',
            shippingTrackingId: 'AB-12345-6789012',
            shippingCost: convert(usd(8, 990_000_000), request.userCurrency),
            shippingAddress: request.address,
            items: items.map((item) => ({
              item,
              cost: convert(findProduct(item.productId).priceUsd!, request.userCurrency),
            })),
          },
        };
      }),
    },
    ad: {
      GetAds: unary(({ contextKeys }) => {
        const ads: Ad__Output[] = [
          { redirectUrl: '/product/9SIQT8TOJO', text: 'Jars for the kitchen, this week only' },
        ];
        return { ads: contextKeys.includes('nothing') ? [] : ads };
      }),
    },
  };
}

/** A handler that answers after `ms` (for deadline tests). */
export function slow<H>(ms: number, handler: H): H {
  const run = handler as unknown as (call: unknown, callback: unknown) => void;
  return ((call: unknown, callback: unknown) => {
    void sleep(ms).then(() => run(call, callback));
  }) as unknown as H;
}

/** Starts the fakes on a free loopback port. */
export async function startFakeBackends(): Promise<FakeBackends> {
  const carts = new Map<string, CartItem__Output[]>();
  const orders: PlaceOrderRequest__Output[] = [];
  const calls: string[] = [];
  const state = { carts, orders };
  let behaviour = defaults(state);

  // Each method looks up the current behaviour at call time, so tests can swap handlers.
  const dispatch = <K extends keyof FakeBehaviour>(service: K, serviceName: string): FakeBehaviour[K] =>
    new Proxy({} as FakeBehaviour[K], {
      get: (_target, method: string) => (call: unknown, callback: unknown) => {
        calls.push(`${serviceName}/${method}`);
        (behaviour[service] as unknown as Record<string, (call: unknown, callback: unknown) => void>)[method]!(
          call,
          callback,
        );
      },
    });
  const methodsOf = (definition: object) => Object.keys(definition);
  const entry = <K extends keyof FakeBehaviour>(key: K, name: string, definition: { service: object }) => {
    const proxy = dispatch(key, name) as unknown as Record<string, unknown>;
    return {
      service: definition.service as never,
      handlers: Object.fromEntries(methodsOf(definition.service).map((m) => [m, proxy[m]])) as never,
    };
  };

  const running: Running = await serve({
    port: 0,
    handleSignals: false,
    services: [
      entry('catalog', 'ProductCatalogService', hipstershop.ProductCatalogService),
      entry('currency', 'CurrencyService', hipstershop.CurrencyService),
      entry('cart', 'CartService', hipstershop.CartService),
      entry('recommendation', 'RecommendationService', hipstershop.RecommendationService),
      entry('shipping', 'ShippingService', hipstershop.ShippingService),
      entry('checkout', 'CheckoutService', hipstershop.CheckoutService),
      entry('ad', 'AdService', hipstershop.AdService),
    ],
  });
  const addr = `127.0.0.1:${running.port}`;
  const fake: FakeBackends = {
    addr,
    addrs: {
      productCatalog: addr,
      currency: addr,
      cart: addr,
      recommendation: addr,
      shipping: addr,
      checkout: addr,
      ad: addr,
    },
    carts,
    calls,
    orders,
    get behaviour() {
      return behaviour;
    },
    set behaviour(value) {
      behaviour = value;
    },
    reset() {
      behaviour = defaults(state);
      carts.clear();
      orders.length = 0;
      calls.length = 0;
    },
    count: (method) => calls.filter((call) => call.endsWith(`/${method}`)).length,
    stop: () => running.shutdown(),
  };
  return fake;
}
