import type { Backends } from './backends';
import { CURRENCY_COOKIE, OFFERED_CURRENCIES, SESSION_COOKIE } from './session';

// A session of its own, whose (empty) cart it only reads.
const WARM_UP_SESSION = 'frontend-warm-up';

/** How many times each page is rendered before the frontend calls itself ready. */
export const WARM_UP_ROUNDS = 20;

/**
 * Makes the frontend ready for shoppers before it says so: renders the pages shoppers read through its
 * own HTTP server (home and the cart in each offered currency, each product, a search), `rounds` times.
 * That connects the channels to the backends, fills the catalog and conversion caches and compiles the
 * hot code paths, so the first shoppers are served as fast as later ones; and it waits until the
 * checkout service can be reached. It only reads: no cart is changed, no order placed, and nothing
 * shows up in the business counters. Rejects when a page does not answer 200 or checkout cannot be
 * reached, i.e. while a backend it needs is not there yet.
 */
export async function warmUp(origin: string, backends: Backends, rounds = WARM_UP_ROUNDS): Promise<void> {
  const [products, supported] = await Promise.all([
    backends.catalog.listProducts(),
    backends.currency.supportedCurrencies(),
    backends.checkout.reachable(),
  ]);
  const currencies = supported.filter((code) => OFFERED_CURRENCIES.includes(code));
  const pages = [
    ...currencies.map((currency) => ({ path: '/', currency })),
    ...currencies.map((currency) => ({ path: '/cart', currency })),
    ...products.map((product) => ({ path: `/product/${encodeURIComponent(product.id)}`, currency: 'USD' })),
    { path: '/search?q=a', currency: 'USD' },
  ];
  for (let round = 0; round < rounds; round++) {
    await Promise.all(pages.map(({ path, currency }) => visit(origin, path, currency)));
  }
}

/** One GET as the warm-up's shopper; anything but 200 rejects. */
async function visit(origin: string, path: string, currency: string): Promise<void> {
  const response = await fetch(`${origin}${path}`, {
    headers: { cookie: `${SESSION_COOKIE}=${WARM_UP_SESSION}; ${CURRENCY_COOKIE}=${currency}` },
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`warm-up: GET ${path} answered ${response.status}`);
}
