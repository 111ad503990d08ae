import type { Backends } from './backends';
import { CURRENCY_COOKIE, OFFERED_CURRENCIES, SESSION_COOKIE } from './session';

// A session of its own: the warm-up fills and empties only this cart, never a shopper's.
const WARM_UP_SESSION = 'frontend-warm-up';

/** How many times each page is rendered before the frontend calls itself ready. */
export const WARM_UP_ROUNDS = 20;

export interface WarmUpOptions {
  rounds?: number;
  /**
   * Whether it may add to its own cart (and empty it again) to warm the add-to-cart path and a cart
   * page with lines; off when every visitor shares one session, whose cart is the shoppers' own.
   */
  writes?: boolean;
}

/**
 * Makes the frontend ready for shoppers before it says so: renders every page type through its own
 * HTTP server (home in each offered currency, each product, the cart with a line in each currency, a
 * search, an add to cart, a currency change, a checkout form refused by validation), `rounds` times,
 * then empties its cart. That connects the channels to the
 * backends, fills the catalog and conversion caches and compiles the hot code paths, so the first
 * shoppers are served as fast as later ones. It never places an order. Rejects when a page does not
 * answer as it should, i.e. while a backend it needs is not there yet.
 */
export async function warmUp(
  origin: string,
  backends: Backends,
  { rounds = WARM_UP_ROUNDS, writes = true }: WarmUpOptions = {},
): Promise<void> {
  const [products, supported] = await Promise.all([
    backends.catalog.listProducts(),
    backends.currency.supportedCurrencies(),
  ]);
  const currencies = supported.filter((code) => OFFERED_CURRENCIES.includes(code));
  const pages = [
    ...currencies.map((currency) => ({ path: '/', currency })),
    ...currencies.map((currency) => ({ path: '/cart', currency })),
    ...products.map((product) => ({ path: `/product/${encodeURIComponent(product.id)}`, currency: 'USD' })),
    { path: '/search?q=a', currency: 'USD' },
  ];
  const first = products[0];
  for (let round = 0; round < rounds; round++) {
    if (writes && first) await visit(origin, '/cart', 'USD', { product_id: first.id, quantity: '1' });
    await Promise.all([
      ...pages.map(({ path, currency }) => visit(origin, path, currency)),
      // A currency change (a cookie, no backend write), and a checkout form that fails validation:
      // the form parsing and the error page, without ever reaching the checkout service.
      visit(origin, '/setCurrency', 'USD', { currency_code: currencies[round % currencies.length] ?? 'USD' }),
      visit(origin, '/cart/checkout', 'USD', {}, 422),
    ]);
  }
  if (writes) await visit(origin, '/cart/empty', 'USD', {});
}

/** One request as the warm-up's shopper; a POST must redirect, a GET answer 200 (unless `expected` says otherwise). */
async function visit(
  origin: string,
  path: string,
  currency: string,
  form?: Record<string, string>,
  expected = form ? 302 : 200,
): Promise<void> {
  const response = await fetch(`${origin}${path}`, {
    method: form ? 'POST' : 'GET',
    headers: {
      cookie: `${SESSION_COOKIE}=${WARM_UP_SESSION}; ${CURRENCY_COOKIE}=${currency}`,
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  if (response.status !== expected) {
    throw new Error(`warm-up: ${form ? 'POST' : 'GET'} ${path} answered ${response.status}`);
  }
}
