import type { Backends } from './backends';
import { CURRENCY_COOKIE, OFFERED_CURRENCIES, SESSION_COOKIE } from './session';

// A session of its own, whose (empty) cart it only reads.
const WARM_UP_SESSION = 'frontend-warm-up';

/**
 * How many times each page is rendered before the frontend calls itself ready. V8 optimises a function
 * only after it has run many times: with 20 rounds a just-started shop answered its first second of
 * 300 requests/s with a p50 of 45-85 ms (4-6 ms once warm); with 100 it is 3-20 ms (a warm shop's first
 * second: 2-5 ms), for about 3 s more before ready (`npm run bench cold-start`). 300 rounds did not
 * narrow what is left. On a slow or busy host the rounds after the first 20 stop
 * once the time budget is spent, so readiness is not held back for long.
 */
export const WARM_UP = Object.freeze({ rounds: 100, minRounds: 20, budgetMs: 5_000 });

// A checkout form that fails validation before any backend is called: it exercises form parsing,
// the validation rules and the error page without placing an order.
const REFUSED_CHECKOUT = 'email=warm-up&credit_card_number=0';

/**
 * Makes the frontend ready for shoppers before it says so: renders the pages shoppers read through its
 * own HTTP server (home and the cart in each offered currency, each product, a search), switches the
 * currency and sends a checkout form that validation refuses, round after round (see WARM_UP).
 * It first waits until every backend a page or a checkout needs can be reached; the rounds then fill
 * the catalog and conversion caches and compile the hot code paths, so the first shoppers are served
 * as fast as later ones. It only reads: no cart is changed, no order placed, and nothing shows up in
 * the business counters. Rejects when a backend it needs cannot be reached or a page does not answer
 * as it should, i.e. while a backend it needs is not there yet.
 */
export async function warmUp(
  origin: string,
  backends: Backends,
  { rounds, minRounds, budgetMs }: { rounds: number; minRounds: number; budgetMs: number } = WARM_UP,
): Promise<void> {
  // Connections first, sending nothing: every read that fails while a backend is still starting would
  // spend its channel's retry budget, and the first shoppers would meet a hiccup with no retry left.
  await backends.reachable();
  const [products, supported] = await Promise.all([
    backends.catalog.listProducts(),
    backends.currency.supportedCurrencies(),
  ]);
  const currencies = supported.filter((code) => OFFERED_CURRENCIES.includes(code));
  const pages: Visit[] = [
    ...currencies.map((currency) => ({ path: '/', currency })),
    ...currencies.map((currency) => ({ path: '/cart', currency })),
    ...products.map((product) => ({ path: `/product/${encodeURIComponent(product.id)}`, currency: 'USD' })),
    { path: '/search?q=a', currency: 'USD' },
    ...currencies.map((currency) => ({
      path: '/setCurrency',
      currency,
      form: `currency_code=${currency}`,
      expect: 302,
    })),
    { path: '/cart/checkout', currency: 'USD', form: REFUSED_CHECKOUT, expect: 422 },
  ];
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    if (round >= minRounds && performance.now() - started > budgetMs) return;
    await Promise.all(pages.map((page) => visit(origin, page)));
  }
}

interface Visit {
  path: string;
  currency: string;
  /** A form to POST (urlencoded); a GET without one. */
  form?: string;
  /** The status that means the page worked (default 200). */
  expect?: number;
}

/** One request as the warm-up's shopper; any status but the expected one rejects. */
async function visit(origin: string, { path, currency, form, expect = 200 }: Visit): Promise<void> {
  const response = await fetch(`${origin}${path}`, {
    method: form === undefined ? 'GET' : 'POST',
    headers: {
      cookie: `${SESSION_COOKIE}=${WARM_UP_SESSION}; ${CURRENCY_COOKIE}=${currency}`,
      ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
    },
    body: form,
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  if (response.status !== expect) {
    throw new Error(`warm-up: ${form === undefined ? 'GET' : 'POST'} ${path} answered ${response.status}`);
  }
}
