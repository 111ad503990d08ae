import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { closeAllChannels, logger, unary, unavailable } from '@boutique/kit';
import { createApp } from './app';
import { connectBackends, REQUIRED_BREAKER } from './backends';
import { loadConfig } from './config';
import { CATALOG_PRICES_NOTICE } from './routes';
import { listen } from './server';
import { type FakeBackends, PRODUCTS, startFakeBackends } from './test-support/fake-backends';
import {
  addrEnv,
  CookieJar,
  type FrontendUnderTest,
  startFrontend,
  TEST_TIMINGS,
} from './test-support/frontend-under-test';
import { warmUp } from './warm-up';

const CHECKOUT_FORM = {
  email: 'shopper@example.com',
  street_address: '12 Larkspur Lane',
  zip_code: '94110',
  city: 'Brookfield',
  state: 'CA',
  country: 'United States',
  credit_card_number: '4716190207394368',
  credit_card_expiration_month: '1',
  credit_card_expiration_year: String(new Date().getFullYear() + 1),
  credit_card_cvv: '481',
};

// The notice as the page renders it (the apostrophe is plain text, so it is not escaped).
const NOTICE = `<p class="notice" role="status">${CATALOG_PRICES_NOTICE}</p>`;

const currencyDown = (fakes: FakeBackends) => {
  const down = unary(() => {
    throw unavailable('currency service is down');
  });
  fakes.behaviour.currency.Convert = down;
  fakes.behaviour.currency.GetSupportedCurrencies = down;
};

describe('frontend with the currency service down', () => {
  let fakes: FakeBackends;
  let shop: FrontendUnderTest;
  let jar: CookieJar;
  const url = (path: string) => `${shop.origin}${path}`;

  before(async () => {
    fakes = await startFakeBackends();
    shop = await startFrontend(fakes.addrs);
  });
  after(async () => {
    await shop.stop();
    await fakes.stop();
    closeAllChannels();
  });
  beforeEach(() => {
    fakes.reset();
    jar = new CookieJar();
    jar.cookies.set('shop_currency', 'EUR');
  });

  it('home in EUR → 200, every price in USD, the notice, and no currency selector', async () => {
    currencyDown(fakes);
    const response = await jar.fetch(url('/'));
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.ok(html.includes(NOTICE), 'the notice');
    assert.ok(html.includes('$19.99') && html.includes('$5.49'), 'catalog prices in USD');
    assert.ok(!html.includes('€'), 'no euro price');
    assert.ok(html.includes('Prices are shown in USD'));
    assert.ok(!html.includes('name="currency_code"'), 'no selector it could not fill');
  });

  it('the same page with the currency service up → prices in EUR and no notice', async () => {
    const html = await (await jar.fetch(url('/'))).text();
    assert.ok(html.includes('€9.99'));
    assert.ok(!html.includes('class="notice"'));
  });

  it('a product page in EUR → its USD price and the notice', async () => {
    currencyDown(fakes);
    const response = await jar.fetch(url('/product/OLJCESPC7Z'));
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.ok(html.includes(NOTICE));
    assert.ok(html.includes('$19.99'));
  });

  it('the cart in EUR → lines, shipping and total in USD, and the notice', async () => {
    fakes.carts.set('cart-user', [{ productId: 'OLJCESPC7Z', quantity: 2 }]);
    jar.cookies.set('shop_session-id', 'cart-user');
    currencyDown(fakes);
    const response = await jar.fetch(url('/cart'));
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.ok(html.includes(NOTICE));
    // 2 × 19.99 + 8.99 shipping.
    for (const amount of ['$39.98', '$8.99', '$48.97']) assert.ok(html.includes(amount), amount);
  });

  it('a search in EUR → results in USD and the notice', async () => {
    currencyDown(fakes);
    const html = await (await jar.fetch(url('/search?q=mug'))).text();
    assert.ok(html.includes(NOTICE));
    assert.ok(html.includes('$8.99'));
  });

  it('checkout → 503 saying why and that nothing was charged; checkout is never called', async () => {
    fakes.carts.set('buyer', [{ productId: 'OLJCESPC7Z', quantity: 1 }]);
    jar.cookies.set('shop_session-id', 'buyer');
    currencyDown(fakes);
    const response = await jar.post(url('/cart/checkout'), CHECKOUT_FORM);
    assert.equal(response.status, 503);
    const html = await response.text();
    assert.ok(html.includes('We could not place your order'));
    assert.ok(html.includes('Currency conversion is unavailable right now'));
    assert.ok(html.includes('Nothing was charged'));
    assert.equal(fakes.count('PlaceOrder'), 0);
    assert.deepEqual(fakes.carts.get('buyer'), [{ productId: 'OLJCESPC7Z', quantity: 1 }]);
  });

  it('a USD shopper never notices: no conversion is needed, no notice', async () => {
    currencyDown(fakes);
    jar.cookies.set('shop_currency', 'USD');
    const html = await (await jar.fetch(url('/'))).text();
    assert.ok(html.includes('$19.99'));
    assert.ok(!html.includes('class="notice"'));
  });
});

describe('frontend with the catalog down (stale-if-error)', () => {
  let fakes: FakeBackends;
  let shop: FrontendUnderTest;
  const STALE_MS = 1_500;
  const url = (path: string) => `${shop.origin}${path}`;

  before(async () => {
    fakes = await startFakeBackends();
    shop = await startFrontend(fakes.addrs, { timings: { catalogStaleIfErrorMs: STALE_MS } });
  });
  after(async () => {
    await shop.stop();
    await fakes.stop();
    closeAllChannels();
  });

  it('within the bound → the last good list, products and search; after it → 503', async () => {
    const jar = new CookieJar();
    assert.equal((await jar.fetch(url('/'))).status, 200);
    const lastGood = Date.now();
    const down = unary(() => {
      throw unavailable('catalog is down');
    });
    fakes.behaviour.catalog.ListProducts = down;
    fakes.behaviour.catalog.GetProduct = down;
    fakes.behaviour.catalog.SearchProducts = down;

    const home = await jar.fetch(url('/'));
    assert.equal(home.status, 200);
    const html = await home.text();
    for (const product of PRODUCTS) assert.ok(html.includes(product.name), product.name);
    // Never fetched on its own: found in the last good list.
    assert.equal((await jar.fetch(url('/product/6E92ZMYYFZ'))).status, 200);
    const search = await (await jar.fetch(url('/search?q=mug'))).text();
    assert.ok(search.includes('Mug') && !search.includes('Sunglasses'), 'searched in the last good list');
    assert.equal((await jar.fetch(url('/product/NO-SUCH-ID'))).status, 503, 'an unknown product is not invented');
    assert.ok(Date.now() - lastGood < STALE_MS, 'the stale answers above were within the bound');

    await new Promise((resolve) => setTimeout(resolve, STALE_MS - (Date.now() - lastGood) + 100));
    assert.equal((await jar.fetch(url('/'))).status, 503);
    assert.equal((await jar.fetch(url('/product/6E92ZMYYFZ'))).status, 503);
  });

  it('a catalog that answers with an error of its own (not an outage) → no stand-in', async () => {
    fakes.reset();
    // The outage above opened the catalog's circuit breaker: it lets a call through after its cool-down.
    await new Promise((resolve) => setTimeout(resolve, REQUIRED_BREAKER.coolDownMs + 100));
    const jar = new CookieJar();
    assert.equal((await jar.fetch(url('/'))).status, 200);
    fakes.behaviour.catalog.ListProducts = (_call, callback) => callback({ code: 13, details: 'broken' });
    assert.equal((await jar.fetch(url('/'))).status, 500);
  });
});

describe('frontend readiness', () => {
  let fakes: FakeBackends;
  before(async () => {
    fakes = await startFakeBackends();
  });
  after(async () => {
    await fakes.stop();
    closeAllChannels();
  });

  it('/_healthz answers 503 until the app is ready, then 200 ok; the liveness probe gets 200 throughout', async () => {
    const config = loadConfig({ ...addrEnv(fakes.addrs), PORT: '0', LISTEN_ADDR: '127.0.0.1', LOG_LEVEL: 'silent' });
    let ready = false;
    const app = createApp(connectBackends(config.addrs, logger(), TEST_TIMINGS), config, {
      isReady: () => ready,
    });
    const listening = await listen(app, config);
    try {
      const before = await fetch(`http://127.0.0.1:${listening.port}/_healthz`);
      assert.equal(before.status, 503);
      assert.equal(await before.text(), 'warming up');
      const readiness = await fetch(`http://127.0.0.1:${listening.port}/_healthz`, {
        headers: { cookie: 'shop_session-id=x-readiness-probe' },
      });
      assert.equal(readiness.status, 503, 'the readiness probe waits');
      const liveness = await fetch(`http://127.0.0.1:${listening.port}/_healthz`, {
        headers: { cookie: 'shop_session-id=x-liveness-probe' },
      });
      assert.equal(liveness.status, 200, 'the liveness probe does not: the process works');
      ready = true;
      const afterReady = await fetch(`http://127.0.0.1:${listening.port}/_healthz`);
      assert.equal(afterReady.status, 200);
      assert.equal(await afterReady.text(), 'ok');
    } finally {
      await listening.stop(500);
    }
  });
});

describe('warmUp', () => {
  let fakes: FakeBackends;
  let shop: FrontendUnderTest;
  before(async () => {
    fakes = await startFakeBackends();
    shop = await startFrontend(fakes.addrs);
  });
  after(async () => {
    await shop.stop();
    await fakes.stop();
    closeAllChannels();
  });
  beforeEach(() => fakes.reset());

  it('renders home and the cart in each offered currency, each product and a search, switches the currency and has a checkout form refused, round after round, only reading', async () => {
    const backends = connectBackends(fakes.addrs, shop.log, TEST_TIMINGS);
    await warmUp(shop.origin, backends, { rounds: 2, minRounds: 2, budgetMs: 60_000 });
    // The fakes support six offered currencies; each home page lists every product.
    const homes = 6 * 2;
    assert.equal(fakes.count('ListProducts'), homes + 1, 'homes plus the warm-up listing itself');
    assert.equal(fakes.count('SearchProducts'), 2);
    assert.equal(fakes.count('GetCart'), 2 * (6 + 6 + PRODUCTS.length + 1), 'every page read the cart');
    assert.equal(fakes.count('AddItem') + fakes.count('EmptyCart') + fakes.count('PlaceOrder'), 0, 'nothing changed');
  });

  it('a required backend not listening → rejects before any page is rendered or any read is sent', async () => {
    const backends = connectBackends({ ...fakes.addrs, cart: '127.0.0.1:1' }, shop.log, TEST_TIMINGS);
    await assert.rejects(warmUp(shop.origin, backends, { rounds: 1, minRounds: 1, budgetMs: 60_000 }), {
      message: /127\.0\.0\.1:1 not connected/,
    });
    assert.equal(fakes.count('ListProducts') + fakes.count('GetSupportedCurrencies') + fakes.count('GetCart'), 0);
  });

  it('once the time budget is spent, stops after the minimum rounds', async () => {
    const backends = connectBackends(fakes.addrs, shop.log, TEST_TIMINGS);
    await warmUp(shop.origin, backends, { rounds: 5, minRounds: 1, budgetMs: 0 });
    assert.equal(fakes.count('SearchProducts'), 1, 'one round of five');
  });

  it('a page failing (the cart down) → rejects naming the page', async () => {
    fakes.behaviour.cart.GetCart = unary(() => {
      throw unavailable('cart is down');
    });
    const backends = connectBackends(fakes.addrs, shop.log, TEST_TIMINGS);
    await assert.rejects(warmUp(shop.origin, backends, { rounds: 1, minRounds: 1, budgetMs: 60_000 }), {
      message: /^warm-up: GET \/\S* answered 503$/,
    });
  });
});
