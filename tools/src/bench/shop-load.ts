// What the HTTP benchmarks share: autocannon (typed here: the package ships no types) and a shopper
// session to drive it with.

/** The slice of autocannon 9's result the benchmarks read. */
export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** The slice of autocannon 9's options the benchmarks use. */
export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  /** A cap on requests per second over all connections; unset, each connection sends as fast as it can. */
  overallRate?: number;
  headers?: Record<string, string>;
  requests?: Array<{ method: string; path: string }>;
}

export const autocannon = require('autocannon') as (options: AutocannonOptions) => Promise<AutocannonResult>;

/** A new shopper's session cookie(s), with one of `productId` in the cart so cart calls do real work. */
export async function shopperCookie(frontendUrl: string, productId: string): Promise<string> {
  const home = await fetch(`${frontendUrl}/`, { redirect: 'manual' });
  await home.text();
  const cookie = home.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const added = await fetch(`${frontendUrl}/cart`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: `product_id=${productId}&quantity=1`,
  });
  await added.text();
  if (added.status !== 302) throw new Error(`adding to the cart answered ${added.status}`);
  return cookie;
}
