// Faults as a user meets them: each backend killed with SIGKILL under steady traffic while the
// launcher's self-healing brings it back, and Redis killed and restarted with the carts in it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RedisProcess, startRedis } from '@boutique/cartservice/test-redis';
import { closeAllChannels, createClient, hipstershop } from '@boutique/kit';
import { type Stack, type SupervisionEvent, startStack } from '@boutique/tools/stack';
import { status } from '@grpc/grpc-js';
import { PRODUCT, PRODUCT_IDS } from './fixtures/catalog';
import { checkoutForm } from './fixtures/checkout';

/** The pages the shoppers below visit. */
type Page = 'home' | 'product' | 'cart' | 'search' | 'add' | 'checkout';

/** What each page cannot do without, beyond what degrades: the catalog serves its last good answers, currency falls back to USD. */
const NEEDED_BY: Record<string, readonly Page[]> = {
  adservice: [],
  recommendationservice: [],
  emailservice: [],
  paymentservice: ['checkout'],
  shippingservice: ['cart', 'checkout'],
  checkoutservice: ['checkout'],
  currencyservice: ['checkout'],
  productcatalogservice: ['checkout'],
  cartservice: ['home', 'product', 'cart', 'search', 'add', 'checkout'],
};

/** The shop must serve every page again this soon after the killed process answers its health check. */
const RECOVERY_BOUND_MS = 2_000;

interface Visit {
  page: Page;
  started: number;
  ok: boolean;
  status: number;
  hasAd: boolean;
  hasRecommendations: boolean;
}

/** One shopper's session: a cookie jar over fetch, redirects not followed. */
function session(origin: string, id: string) {
  const cookie = `shop_session-id=${id}; shop_currency=EUR`;
  return async (page: Page, path: string, form?: Record<string, string>): Promise<Visit> => {
    const started = Date.now();
    try {
      const response = await fetch(`${origin}${path}`, {
        method: form ? 'POST' : 'GET',
        headers: { cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body: form ? new URLSearchParams(form).toString() : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      const html = await response.text();
      const expected = page === 'add' ? 302 : 200;
      return {
        page,
        started,
        ok: response.status === expected,
        status: response.status,
        hasAd: html.includes('class="ad"'),
        hasRecommendations: html.includes('class="recommendations"'),
      };
    } catch {
      return { page, started, ok: false, status: 0, hasAd: false, hasRecommendations: false };
    }
  };
}

/**
 * Shoppers browsing (home, a product, the cart, a search) and one buying (add, checkout) in a loop
 * until `done()`; bounded by `maxMs` whatever happens. Every visit is recorded.
 */
async function shop(origin: string, done: () => boolean, maxMs: number, browsers = 4): Promise<Visit[]> {
  const visits: Visit[] = [];
  const stopAt = Date.now() + maxMs;
  const running = () => !done() && Date.now() < stopAt;
  const browse = async (n: number) => {
    const visit = session(origin, `resilience-browser-${n}-${Date.now()}`);
    visits.push(await visit('add', '/cart', { product_id: PRODUCT.mug, quantity: '1' }));
    for (let i = 0; running(); i++) {
      const product = PRODUCT_IDS[(n + i) % PRODUCT_IDS.length]!;
      visits.push(await visit('home', '/'));
      visits.push(await visit('product', `/product/${product}`));
      visits.push(await visit('cart', '/cart'));
      visits.push(await visit('search', '/search?q=a'));
    }
  };
  const buy = async () => {
    const visit = session(origin, `resilience-buyer-${Date.now()}`);
    while (running()) {
      visits.push(await visit('add', '/cart', { product_id: PRODUCT.sunglasses, quantity: '1' }));
      visits.push(await visit('checkout', '/cart/checkout', checkoutForm()));
    }
  };
  await Promise.all([...Array.from({ length: browsers }, (_, n) => browse(n)), buy()]);
  return visits;
}

/** Failed visits counted by page and status, e.g. { "cart 503": 4 }: readable in an assertion message. */
const summary = (visits: readonly Visit[]) =>
  visits.reduce<Record<string, number>>((counts, visit) => {
    const key = `${visit.page} ${visit.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});

describe('kill -9 of each backend under load, with the launcher restarting it', { timeout: 600_000 }, () => {
  let redis: RedisProcess;
  let stack: Stack;
  const events: (SupervisionEvent & { at: number })[] = [];

  before(async () => {
    redis = await startRedis({ appendOnly: true });
    stack = await startStack({
      env: { LOG_LEVEL: 'warn', REDIS_ADDR: `127.0.0.1:${redis.port}` },
      onSupervision: (event) => events.push({ ...event, at: Date.now() }),
    });
  });
  after(async () => {
    await stack?.stop();
    await redis?.dispose();
  });

  for (const service of Object.keys(NEEDED_BY)) {
    it(`${service}: pages that do not need it see 0 errors, and every page works within 2 s of its return`, async (t) => {
      const pid = stack.pids[service]!;
      let returnedAt = Number.POSITIVE_INFINITY;
      const load = shop(stack.frontendUrl, () => Date.now() > returnedAt + RECOVERY_BOUND_MS + 1_500, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      const deadline = Date.now() + 20_000;
      let back: (SupervisionEvent & { at: number }) | undefined;
      while (!back && Date.now() < deadline) {
        back = events.find((e) => e.kind === 'restarted' && e.service === service && e.at > killedAt);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(back, `${service} was restarted by the launcher within 20 s`);
      returnedAt = back.at;
      const visits = await load;

      const needed = new Set(NEEDED_BY[service]);
      const unaffectedFailures = visits.filter((v) => !needed.has(v.page) && !v.ok);
      assert.deepEqual(summary(unaffectedFailures), {}, `pages that do not need ${service} failed`);
      const late = visits.filter((v) => !v.ok && v.started > returnedAt + RECOVERY_BOUND_MS);
      assert.deepEqual(summary(late), {}, `pages failing more than 2 s after ${service} returned`);

      const failed = visits.filter((v) => !v.ok);
      const lastFailure = Math.max(returnedAt, ...failed.map((v) => v.started));
      t.diagnostic(
        `${service}: ${visits.length} pages, ${failed.length} failed ${JSON.stringify(summary(failed))} (${[...needed].join(', ') || 'none needed it'}); ` +
          `down ${returnedAt - killedAt} ms; last failure ${lastFailure - returnedAt} ms after its return`,
      );
      if (service === 'adservice') {
        const during = visits.filter((v) => v.page === 'product' && v.started > killedAt && v.started < returnedAt);
        assert.ok(during.length > 0 && during.some((v) => !v.hasAd), 'product pages went on without the ad');
      }
      if (service === 'recommendationservice') {
        const during = visits.filter((v) => v.page === 'product' && v.started > killedAt && v.started < returnedAt);
        assert.ok(during.length > 0 && during.some((v) => !v.hasRecommendations), 'product pages went on without them');
      }
    });
  }

  it('Redis killed and restarted under load: every cart item added before the kill is still there', async () => {
    const users = Array.from({ length: 5 }, (_, n) => `resilience-redis-${n}-${Date.now()}`);
    const lines = [PRODUCT.watch, PRODUCT.loafers, PRODUCT.candleHolder];
    for (const user of users) {
      const visit = session(stack.frontendUrl, user);
      for (const id of lines)
        assert.equal((await visit('add', '/cart', { product_id: id, quantity: '2' })).status, 302);
    }
    let stop = false;
    const load = shop(stack.frontendUrl, () => stop, 30_000, 2);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await redis.stop('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await redis.start();
      const cart = createClient(hipstershop.CartService, stack.addrs.cartservice!);
      const deadline = Date.now() + 10_000;
      for (const userId of users) {
        for (;;) {
          try {
            const { items } = await cart.GetCart({ userId }, { deadlineMs: 1_000 });
            assert.deepEqual(
              items,
              lines.map((productId) => ({ productId, quantity: 2 })),
            );
            break;
          } catch (err) {
            if (err instanceof assert.AssertionError || Date.now() > deadline) throw err;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      }
    } finally {
      stop = true;
      await load;
      closeAllChannels();
    }
  });
});

/** Every read a page or a checkout makes, each failing 30 % of its attempts with UNAVAILABLE. */
const READS_FAILING_30_PERCENT = [
  'hipstershop.ProductCatalogService/ListProducts',
  'hipstershop.ProductCatalogService/GetProduct',
  'hipstershop.ProductCatalogService/SearchProducts',
  'hipstershop.CurrencyService/GetSupportedCurrencies',
  'hipstershop.CurrencyService/Convert',
  'hipstershop.CartService/GetCart',
  'hipstershop.ShippingService/GetQuote',
  'hipstershop.RecommendationService/ListRecommendations',
  'hipstershop.AdService/GetAds',
]
  .map((method) => `${method}=UNAVAILABLE@0.3`)
  .join(';');

describe('every read failing 30 % of its attempts with UNAVAILABLE (injected)', { timeout: 300_000 }, () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'error', FAULTS: READS_FAILING_30_PERCENT } });
  });
  after(async () => {
    closeAllChannels();
    await stack?.stop();
  });

  it('the faults are there: about 30 % of calls fail for a caller that does not retry', async () => {
    const catalog = createClient(hipstershop.ProductCatalogService, stack.addrs.productcatalogservice!);
    let failed = 0;
    for (let i = 0; i < 300; i++) {
      await catalog.GetProduct({ id: PRODUCT.mug }, { deadlineMs: 2_000 }).catch((err: { code?: number }) => {
        assert.equal(err.code, status.UNAVAILABLE);
        failed++;
      });
    }
    assert.ok(failed > 300 * 0.2 && failed < 300 * 0.4, `${failed} of 300 calls failed`);
  });

  it('costs shoppers 0 failed pages, checkouts included', async (t) => {
    const started = Date.now();
    const visits = await shop(stack.frontendUrl, () => Date.now() > started + 20_000, 40_000);
    const failed = visits.filter((v) => !v.ok);
    t.diagnostic(`${visits.length} pages in ${((Date.now() - started) / 1000).toFixed(0)} s, ${failed.length} failed`);
    assert.ok(visits.filter((v) => v.page === 'checkout').length >= 10, 'checkouts were placed');
    assert.deepEqual(summary(failed), {});
  });
});
