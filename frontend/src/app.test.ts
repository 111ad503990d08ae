import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { after, before, beforeEach, describe, it } from 'node:test';
import { closeAllChannels, installTelemetryHooks, unary, unavailable } from '@boutique/kit';
import { SHARED_SESSION_ID } from './session';
import { type FakeBackends, PRODUCTS, slow, startFakeBackends } from './test-support/fake-backends';
import { CookieJar, type FrontendUnderTest, startFrontend } from './test-support/frontend-under-test';

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

/** The Set-Cookie line for a cookie name. */
function setCookie(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

/** Asserts a friendly error page: status, request id shown and equal to the header, no internals. */
async function assertErrorPage(response: Response, status: number): Promise<string> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  const html = await response.text();
  const requestId = response.headers.get('x-request-id');
  assert.ok(requestId && html.includes(requestId), 'the page shows the request id');
  assert.doesNotMatch(html, /SECRET-DETAIL|at [\w.<>]+ \(|node:internal|Error:/, 'no internals');
  return html;
}

describe('frontend routes', () => {
  let fakes: FakeBackends;
  let shop: FrontendUnderTest;
  let jar: CookieJar;
  const url = (path: string) => `${shop.origin}${path}`;

  before(async () => {
    fakes = await startFakeBackends();
    shop = await startFrontend(fakes.addrs, { env: { LOG_LEVEL: 'debug' }, timings: { requiredMs: 500 } });
    // One page first, so the channels are connected and the code is warm: on a busy machine the very
    // first call could otherwise miss the ad's 100 ms deadline, which the first test expects to be met.
    await fetch(url('/'));
  });
  after(async () => {
    await shop.stop();
    await fakes.stop();
    closeAllChannels();
  });
  beforeEach(() => {
    fakes.reset();
    jar = new CookieJar();
  });

  describe('GET /', () => {
    it('no cookies → 200, a new session cookie with its attributes, every product priced in USD', async () => {
      const response = await jar.fetch(url('/'));
      assert.equal(response.status, 200);
      const cookie = setCookie(response, 'shop_session-id');
      assert.match(
        cookie ?? '',
        /^shop_session-id=[0-9a-f-]{36}; Max-Age=172800; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
      );
      const html = await response.text();
      for (const product of PRODUCTS) assert.ok(html.includes(product.name), product.name);
      assert.ok(html.includes('$19.99') && html.includes('$5.49'));
      assert.ok(html.includes('Jars for the kitchen'), 'the ad');
      assert.ok(html.includes(`session-id: <code>${jar.cookies.get('shop_session-id')}</code>`));
      assert.ok(html.includes(`request-id: <code>${response.headers.get('x-request-id')}</code>`));
      assert.ok(html.includes('test-pod-1'));
      assert.equal(response.headers.get('cache-control'), 'no-store');
    });

    it('any page → security headers, and a CSP without inline script', async () => {
      const response = await jar.fetch(url('/'));
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      assert.equal(response.headers.get('x-powered-by'), null);
      assert.doesNotMatch(await response.text(), /<script>|<script [^>]*>[^<]/, 'no inline script');
    });

    it('HEAD → 200 and no body', async () => {
      const response = await jar.fetch(url('/'), { method: 'HEAD' });
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '');
    });

    it('a known session cookie → kept, no new cookie', async () => {
      const response = await fetch(url('/'), { headers: { cookie: 'shop_session-id=x-readiness-probe' } });
      assert.equal(response.status, 200);
      assert.equal(setCookie(response, 'shop_session-id'), undefined);
      assert.ok((await response.text()).includes('x-readiness-probe'));
    });

    it('currency cookie EUR or JPY → prices converted exactly and truncated to two decimals', async () => {
      const eur = await (await fetch(url('/'), { headers: { cookie: 'shop_currency=EUR' } })).text();
      assert.ok(eur.includes('€9.99'), '19.99 / 2 = 9.995 shows as €9.99');
      assert.ok(eur.includes('<option value="EUR" selected>'));
      const jpy = await (await fetch(url('/'), { headers: { cookie: 'shop_currency=JPY' } })).text();
      assert.ok(jpy.includes('¥2998.50'));
    });

    it('a currency cookie the shop does not offer → USD', async () => {
      for (const value of ['CHF', 'eur', '%3Cscript%3E']) {
        const html = await (await fetch(url('/'), { headers: { cookie: `shop_currency=${value}` } })).text();
        assert.ok(html.includes('$19.99'), value);
        assert.ok(html.includes('<option value="USD" selected>'), value);
      }
    });

    it('cart badge → the sum of quantities', async () => {
      await jar.fetch(url('/'));
      fakes.carts.set(jar.cookies.get('shop_session-id')!, [
        { productId: 'OLJCESPC7Z', quantity: 2 },
        { productId: 'MUG', quantity: 3 },
      ]);
      const html = await (await jar.fetch(url('/'))).text();
      assert.ok(html.includes('aria-label="Cart, 5 items"'));
      assert.match(html, /class="cart-badge"[^>]*>5</);
    });

    it('ads failing, empty or too slow → the page still renders, without an ad', async () => {
      fakes.behaviour.ad.GetAds = unary(() => {
        throw unavailable('SECRET-DETAIL');
      });
      let response = await jar.fetch(url('/'));
      assert.equal(response.status, 200);
      assert.ok(!(await response.text()).includes('class="ad"'));
      fakes.behaviour.ad.GetAds = unary(() => ({ ads: [] }));
      response = await jar.fetch(url('/'));
      assert.equal(response.status, 200);
      assert.ok(!(await response.text()).includes('class="ad"'));
      fakes.reset();
      fakes.behaviour.ad.GetAds = slow(300, fakes.behaviour.ad.GetAds);
      const started = Date.now();
      response = await jar.fetch(url('/'));
      assert.equal(response.status, 200);
      assert.ok(!(await response.text()).includes('class="ad"'));
      assert.ok(Date.now() - started < 280, 'the page did not wait for the slow ad');
    });

    it('an ad whose link leaves the site → not shown', async () => {
      fakes.behaviour.ad.GetAds = unary(() => ({ ads: [{ redirectUrl: 'javascript:alert(1)', text: 'evil ad' }] }));
      const html = await (await jar.fetch(url('/'))).text();
      assert.ok(!html.includes('evil ad') && !html.includes('javascript:'));
    });

    it('the catalog unavailable → 503 page with the request id and no internals', async () => {
      fakes.behaviour.catalog.ListProducts = unary(() => {
        throw unavailable('SECRET-DETAIL');
      });
      await assertErrorPage(await jar.fetch(url('/')), 503);
    });

    it('the catalog slower than its deadline → 504 page', async () => {
      fakes.behaviour.catalog.ListProducts = slow(700, fakes.behaviour.catalog.ListProducts);
      await assertErrorPage(await jar.fetch(url('/')), 504);
    });

    it('the currency service failing with an internal error → 500 page without its message', async () => {
      fakes.behaviour.currency.Convert = (_call, callback) =>
        callback({ code: 13, details: 'SECRET-DETAIL stack at x' });
      jar.cookies.set('shop_currency', 'EUR');
      const html = await assertErrorPage(await jar.fetch(url('/')), 500);
      assert.ok(html.includes('Something went wrong'));
    });
  });

  describe('GET /product/:id', () => {
    it('a known id → picture, name, price, description, quantities 1–5 and 10, up to 4 recommendations, an ad', async () => {
      const response = await jar.fetch(url('/product/OLJCESPC7Z'));
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.ok(html.includes('<h1>Sunglasses</h1>'));
      assert.ok(html.includes('$19.99'));
      assert.ok(html.includes('Test sunglasses.'));
      assert.ok(html.includes('src="/static/img/products/sunglasses.jpg"'));
      assert.ok(html.includes('<input type="hidden" name="product_id" value="OLJCESPC7Z"/>'));
      const quantities = [...html.matchAll(/<option value="(\d+)">\d+<\/option>/g)].map((m) => m[1]);
      assert.deepEqual(quantities, ['1', '2', '3', '4', '5', '10']);
      const recommendations = html.slice(html.indexOf('class="recommendations"'));
      assert.ok(recommendations.includes('/product/66VCHSJNUP'));
      assert.ok(!recommendations.includes('/product/OLJCESPC7Z"'), 'not the product itself');
      assert.ok(html.includes('Jars for the kitchen'));
      assert.equal(fakes.calls.filter((c) => c === 'RecommendationService/ListRecommendations').length, 1);
    });

    it('HEAD → 200 and no body', async () => {
      const response = await jar.fetch(url('/product/OLJCESPC7Z'), { method: 'HEAD' });
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '');
    });

    it('an unknown id → 404 page (the original answers 500)', async () => {
      await assertErrorPage(await jar.fetch(url('/product/NOSUCHTHING')), 404);
    });

    it('recommendations failing, slow, or naming an unknown product → the page renders without them', async () => {
      fakes.behaviour.recommendation.ListRecommendations = unary(() => {
        throw unavailable('down');
      });
      let html = await (await jar.fetch(url('/product/OLJCESPC7Z'))).text();
      assert.ok(html.includes('<h1>Sunglasses</h1>') && !html.includes('class="recommendations"'));
      fakes.reset();
      fakes.behaviour.recommendation.ListRecommendations = slow(
        400,
        fakes.behaviour.recommendation.ListRecommendations,
      );
      html = await (await jar.fetch(url('/product/OLJCESPC7Z'))).text();
      assert.ok(html.includes('<h1>Sunglasses</h1>') && !html.includes('class="recommendations"'));
      fakes.reset();
      fakes.behaviour.recommendation.ListRecommendations = unary(() => ({ productIds: ['66VCHSJNUP', 'GONE'] }));
      html = await (await jar.fetch(url('/product/OLJCESPC7Z'))).text();
      assert.ok(html.includes('<h1>Sunglasses</h1>') && !html.includes('class="recommendations"'));
    });
  });

  describe('cart', () => {
    it('POST /cart → 302 to /cart; the cart page shows lines, line totals, shipping and total', async () => {
      await jar.fetch(url('/'));
      let response = await jar.post(url('/cart'), { product_id: 'OLJCESPC7Z', quantity: '2' });
      assert.equal(response.status, 302);
      assert.equal(response.headers.get('location'), '/cart');
      response = await jar.post(url('/cart'), { product_id: '9SIQT8TOJO', quantity: '1' });
      assert.deepEqual(fakes.carts.get(jar.cookies.get('shop_session-id')!), [
        { productId: 'OLJCESPC7Z', quantity: 2 },
        { productId: '9SIQT8TOJO', quantity: 1 },
      ]);
      response = await jar.fetch(url('/cart'));
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.ok(html.includes('Cart (3 items)'));
      assert.ok(html.includes('$39.98'), '2 × 19.99');
      assert.ok(html.includes('$5.49'));
      assert.match(html, /Shipping<\/dt><dd><span class="price">\$8.99</);
      assert.match(html, /Total<\/dt><dd><span class="price">\$54.46</, '39.98 + 5.49 + 8.99');
      assert.ok(html.includes('name="credit_card_number" value="4716190207394368"'), 'prefilled checkout form');
    });

    it('the cart page in EUR → each line, shipping and total converted', async () => {
      await jar.fetch(url('/'));
      await jar.post(url('/cart'), { product_id: '9SIQT8TOJO', quantity: '3' });
      jar.cookies.set('shop_currency', 'EUR');
      const html = await (await jar.fetch(url('/cart'))).text();
      assert.ok(html.includes('€8.23'), '3 × 2.745 = 8.235');
      assert.match(html, /Shipping<\/dt><dd><span class="price">€4.49</);
      assert.match(html, /Total<\/dt><dd><span class="price">€12.73</, '8.235 + 4.495 = 12.73');
    });

    it('an empty cart → the empty-cart page, no shipping quote asked', async () => {
      const html = await (await jar.fetch(url('/cart'))).text();
      assert.ok(html.includes('Your cart is empty'));
      assert.equal(fakes.count('GetQuote'), 0);
    });

    it('POST /cart with bad fields → 422 naming each, nothing added', async () => {
      let response = await jar.post(url('/cart'), {});
      let html = await assertErrorPage(response, 422);
      assert.ok(
        html.includes('Field &#39;product_id&#39; is invalid') || html.includes("Field 'product_id' is invalid"),
      );
      assert.ok(html.includes('quantity'));
      for (const quantity of ['0', '11', 'abc', '2.5']) {
        response = await jar.post(url('/cart'), { product_id: 'OLJCESPC7Z', quantity });
        html = await assertErrorPage(response, 422);
        assert.match(html, /Field (&#39;|')quantity(&#39;|') is invalid/, quantity);
      }
      assert.equal(fakes.count('AddItem'), 0);
    });

    it('POST /cart with an unknown product → 422 naming product_id', async () => {
      const html = await assertErrorPage(await jar.post(url('/cart'), { product_id: 'NOPE', quantity: '1' }), 422);
      assert.match(html, /product_id/);
      assert.equal(fakes.count('AddItem'), 0);
    });

    it('POST /cart with the cart service down → 503', async () => {
      fakes.behaviour.cart.AddItem = unary(() => {
        throw unavailable('SECRET-DETAIL');
      });
      await assertErrorPage(await jar.post(url('/cart'), { product_id: 'OLJCESPC7Z', quantity: '1' }), 503);
    });

    it('POST /cart/empty → 302 to /, the cart emptied', async () => {
      await jar.fetch(url('/'));
      await jar.post(url('/cart'), { product_id: 'OLJCESPC7Z', quantity: '1' });
      const response = await jar.post(url('/cart/empty'), {});
      assert.equal(response.status, 302);
      assert.equal(response.headers.get('location'), '/');
      assert.equal(fakes.carts.get(jar.cookies.get('shop_session-id')!), undefined);
    });
  });

  describe('POST /setCurrency', () => {
    it('an offered currency → the cookie with its attributes, 302 back to the Referer on this site', async () => {
      const response = await jar.post(
        url('/setCurrency'),
        { currency_code: 'EUR' },
        { referer: url('/product/OLJCESPC7Z?x=1') },
      );
      assert.equal(response.status, 302);
      assert.equal(response.headers.get('location'), '/product/OLJCESPC7Z?x=1');
      assert.match(
        setCookie(response, 'shop_currency') ?? '',
        /^shop_currency=EUR; Max-Age=172800; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
      );
      const html = await (await jar.fetch(url('/'))).text();
      assert.ok(html.includes('€9.99'));
    });

    it('no Referer, another site or a POST-only page → 302 to /', async () => {
      for (const referer of [undefined, 'https://evil.example/phish', url('/cart/checkout'), 'not a url']) {
        const response = await jar.post(url('/setCurrency'), { currency_code: 'GBP' }, referer ? { referer } : {});
        assert.equal(response.headers.get('location'), '/', String(referer));
      }
    });

    it('a malformed or unoffered code → 422 naming currency_code, no cookie', async () => {
      for (const code of ['', 'eur', 'CHF', 'ABCD']) {
        const response = await jar.post(url('/setCurrency'), { currency_code: code });
        const html = await assertErrorPage(response, 422);
        assert.match(html, /currency_code/, code);
        assert.equal(setCookie(response, 'shop_currency'), undefined);
      }
    });
  });

  describe('POST /cart/checkout', () => {
    it('a valid form → 200 order page with order id, tracking id and total paid; the order as sent', async () => {
      await jar.fetch(url('/'));
      await jar.post(url('/cart'), { product_id: 'OLJCESPC7Z', quantity: '2' });
      const response = await jar.post(url('/cart/checkout'), CHECKOUT_FORM);
      assert.equal(response.status, 200);
      const html = await response.text();
      assert.ok(html.includes('order-0001'));
      assert.ok(html.includes('AB-12345-6789012'));
      assert.match(html, /class="total-paid"><span class="price">\$48.97</, '2 × 19.99 + 8.99');
      assert.ok(html.includes('shopper@example.com'));
      assert.deepEqual(fakes.orders, [
        {
          userId: jar.cookies.get('shop_session-id'),
          userCurrency: 'USD',
          email: 'shopper@example.com',
          address: {
            streetAddress: '12 Larkspur Lane',
            city: 'Brookfield',
            state: 'CA',
            country: 'United States',
            zipCode: 94110,
          },
          creditCard: {
            creditCardNumber: '4716190207394368',
            creditCardCvv: 481,
            creditCardExpirationYear: new Date().getFullYear() + 1,
            creditCardExpirationMonth: 1,
          },
        },
      ]);
    });

    it('in EUR → the order placed in EUR and the total paid in EUR', async () => {
      await jar.fetch(url('/'));
      await jar.post(url('/cart'), { product_id: 'OLJCESPC7Z', quantity: '1' });
      jar.cookies.set('shop_currency', 'EUR');
      const html = await (await jar.post(url('/cart/checkout'), CHECKOUT_FORM)).text();
      assert.equal(fakes.orders[0]?.userCurrency, 'EUR');
      assert.match(html, /class="total-paid"><span class="price">€14.49</, '9.995 + 4.495 = 14.49');
    });

    it('invalid fields → 422 naming each field, nothing ordered', async () => {
      const response = await jar.post(url('/cart/checkout'), {
        ...CHECKOUT_FORM,
        email: 'test@example',
        credit_card_cvv: '',
      });
      const html = await assertErrorPage(response, 422);
      assert.match(html, /Field (&#39;|')email(&#39;|') is invalid/);
      assert.match(html, /Field (&#39;|')credit_card_cvv(&#39;|') is invalid/);
      assert.ok(!/street_address/.test(html));
      assert.equal(fakes.count('PlaceOrder'), 0);
    });

    it('a refused card (INVALID_ARGUMENT) → 400 page saying what to fix, the cart untouched', async () => {
      await jar.fetch(url('/'));
      await jar.post(url('/cart'), { product_id: 'OLJCESPC7Z', quantity: '1' });
      const response = await jar.post(url('/cart/checkout'), {
        ...CHECKOUT_FORM,
        credit_card_number: '378282246310005',
      });
      const html = await assertErrorPage(response, 400);
      assert.ok(html.includes('only VISA or MasterCard are accepted'));
      assert.ok(html.includes('href="/cart"'), 'a way back to the cart');
      assert.deepEqual(fakes.carts.get(jar.cookies.get('shop_session-id')!), [
        { productId: 'OLJCESPC7Z', quantity: 1 },
      ]);
      assert.equal(fakes.orders.length, 0);
    });

    it('an empty cart (FAILED_PRECONDITION) → 400 page', async () => {
      const html = await assertErrorPage(await jar.post(url('/cart/checkout'), CHECKOUT_FORM), 400);
      assert.ok(html.includes('your cart is empty'));
    });

    it('checkout unavailable → 503 page', async () => {
      fakes.behaviour.checkout.PlaceOrder = unary(() => {
        throw unavailable('SECRET-DETAIL');
      });
      await assertErrorPage(await jar.post(url('/cart/checkout'), CHECKOUT_FORM), 503);
    });
  });

  describe('search', () => {
    it('a query → matching products with prices', async () => {
      const html = await (await jar.fetch(url('/search?q=mug'))).text();
      assert.ok(html.includes('Results for “mug”'));
      assert.ok(html.includes('Mug') && html.includes('$8.99'));
      assert.ok(!html.includes('Sunglasses'));
      assert.ok(html.includes('value="mug"'), 'the search box keeps the query');
    });
    it('an empty query → every product', async () => {
      const html = await (await jar.fetch(url('/search?q='))).text();
      for (const product of PRODUCTS) assert.ok(html.includes(product.name));
    });
    it('no match → a message, 200', async () => {
      const response = await jar.fetch(url('/search?q=zzz'));
      assert.equal(response.status, 200);
      assert.ok((await response.text()).includes('Nothing matches'));
    });
  });

  describe('reflected input is escaped', () => {
    it('the search query', async () => {
      const html = await (await jar.fetch(url(`/search?q=${encodeURIComponent('<script>alert(1)</script>"')}`))).text();
      assert.ok(!html.includes('<script>alert(1)'));
      assert.ok(
        html.includes('&lt;script>alert(1)&lt;/script>') || html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'),
      );
      assert.ok(!html.includes('value="<script>'));
    });
    it('form fields echoed in a 422 page', async () => {
      const html = await (
        await jar.post(url('/cart'), { product_id: 'X', quantity: '<img src=x onerror=alert(1)>' })
      ).text();
      assert.ok(!html.includes('<img src=x'));
      assert.ok(
        html.includes('&lt;img src=x onerror=alert(1)>') || html.includes('&lt;img src=x onerror=alert(1)&gt;'),
      );
    });
    it('cookie values: a hostile session id is replaced, a hostile currency ignored', async () => {
      const response = await fetch(url('/'), {
        headers: { cookie: 'shop_session-id=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E; shop_currency=%3Cb%3E' },
      });
      const html = await response.text();
      assert.ok(!html.includes('<script>alert') && !html.includes('<b>'));
      assert.match(setCookie(response, 'shop_session-id') ?? '', /^shop_session-id=[0-9a-f-]{36};/);
    });
  });

  describe('other routes', () => {
    it('GET /logout → every request cookie expired, 302 to /', async () => {
      const response = await fetch(url('/logout'), {
        headers: { cookie: 'shop_session-id=abc; shop_currency=EUR; other=1' },
        redirect: 'manual',
      });
      assert.equal(response.status, 302);
      assert.equal(response.headers.get('location'), '/');
      for (const name of ['shop_session-id', 'shop_currency', 'other']) {
        const line = setCookie(response, name) ?? '';
        assert.match(line, /Expires=Thu, 01 Jan 1970 00:00:00 GMT/, name);
        assert.match(line, /Path=\//, name);
      }
    });

    it('GET /product-meta/:id → the product as snake_case JSON, units a number', async () => {
      const response = await jar.fetch(url('/product-meta/66VCHSJNUP'));
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.equal(
        await response.text(),
        '{"id":"66VCHSJNUP","name":"Tank Top","description":"Test tank top.","picture":"/static/img/products/tank-top.jpg",' +
          '"price_usd":{"currency_code":"USD","units":18,"nanos":990000000},"categories":["clothing","tops"]}',
      );
    });

    it('GET /product-meta of an unknown id → 404', async () => {
      assert.equal((await jar.fetch(url('/product-meta/NOPE'))).status, 404);
    });

    it('/robots.txt and /_healthz answer any method', async () => {
      for (const method of ['GET', 'POST']) {
        const robots = await fetch(url('/robots.txt'), { method });
        assert.equal(await robots.text(), 'User-agent: *\nDisallow: /\n');
        const health = await fetch(url('/_healthz'), { method });
        assert.equal(health.status, 200);
        assert.equal(await health.text(), 'ok');
        assert.equal(health.headers.getSetCookie().length, 0, 'probes get no cookie');
      }
    });

    it('a known path with the wrong method → 405 with Allow', async () => {
      let response = await fetch(url('/cart'), { method: 'PUT' });
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'GET, HEAD, POST');
      response = await fetch(url('/cart/checkout'));
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'POST');
    });

    it('an unknown path → 404 page', async () => {
      await assertErrorPage(await jar.fetch(url('/no/such/page')), 404);
    });

    it('a malformed form body → 4xx page, not 500', async () => {
      const response = await jar.fetch(url('/cart'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a='.padEnd(40_000, 'x'),
      });
      assert.equal(response.status, 413);
    });
  });

  describe('static files', () => {
    it('the stylesheet → cached for a day, gzip when asked', async () => {
      const response = await fetch(url('/static/styles/shop.css'), { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /text\/css/);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=86400');
      assert.equal(response.headers.get('content-encoding'), 'gzip');
    });
    it('a catalog picture path (.jpg) → our SVG drawing, typed as SVG', async () => {
      for (const product of PRODUCTS) {
        const response = await fetch(url(product.picture));
        assert.equal(response.status, 200, product.picture);
        assert.equal(response.headers.get('content-type'), 'image/svg+xml');
        assert.match(await response.text(), /^<svg /);
      }
    });
    it('a missing file or a path escaping the folder → 404', async () => {
      for (const path of [
        '/static/nothing.css',
        '/static/img/products/nothing.jpg',
        '/static/../package.json',
        '/static/%2e%2e/package.json',
      ]) {
        assert.equal((await fetch(url(path))).status, 404, path);
      }
    });
  });

  describe('request log', () => {
    it('one debug line per request with method, route, status, duration, request id and session', async () => {
      const response = await jar.fetch(url('/product/OLJCESPC7Z'));
      await response.text();
      await new Promise((resolve) => setImmediate(resolve));
      // Other tests of this suite run concurrently, so this request's line is found by its id.
      const requestId = response.headers.get('x-request-id');
      const lines = shop.logLines.filter(
        (line) => line.message === 'request complete' && line.request_id === requestId,
      );
      assert.equal(lines.length, 1);
      const line = lines[0]!;
      assert.equal(line.severity, 'debug');
      assert.equal(line.method, 'GET');
      assert.equal(line.route, '/product/:id');
      assert.equal(line.status, 200);
      assert.equal(typeof line.duration_ms, 'number');
      assert.equal(line.request_id, response.headers.get('x-request-id'));
      assert.equal(line.session, jar.cookies.get('shop_session-id'));
    });
  });
});

describe('telemetry hooks (what the tracing preload plugs into)', () => {
  // A stand-in for the preload's observers: records each request and which request every backend call
  // was made in, through the same context propagation the real spans ride on.
  type Seen = { method: string; path: string; ended?: { route: string | undefined; status: number }; calls: string[] };
  const requests: Seen[] = [];
  const current = new AsyncLocalStorage<Seen>();
  let fakes: FakeBackends;
  let shop: FrontendUnderTest;

  before(async () => {
    installTelemetryHooks({
      http: (method, path) => {
        const seen: Seen = { method, path, calls: [] };
        requests.push(seen);
        return {
          run: (work) => current.run(seen, work),
          end: (route, status) => {
            seen.ended = { route, status };
          },
        };
      },
      rpcClient: (path) => {
        current.getStore()?.calls.push(path.slice(path.lastIndexOf('/') + 1));
        return () => {};
      },
    });
    fakes = await startFakeBackends();
    shop = await startFrontend(fakes.addrs, {});
  });
  after(async () => {
    installTelemetryHooks({});
    await shop.stop();
    await fakes.stop();
    closeAllChannels();
  });
  beforeEach(() => {
    requests.length = 0;
  });

  /** Fetches a page and waits for its observation to end (it ends when the response closes). */
  async function visit(path: string): Promise<Seen | undefined> {
    await (await fetch(`${shop.origin}${path}`)).text();
    for (let i = 0; i < 50 && !requests.every((seen) => seen.ended); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return requests.find((seen) => seen.path === path);
  }

  it('a page → observed from the first middleware, ended with its route and status', async () => {
    const seen = await visit('/product/OLJCESPC7Z');
    assert.equal(seen?.method, 'GET');
    assert.deepEqual(seen?.ended, { route: '/product/:id', status: 200 });
  });

  it('the backend calls a page makes run inside its observation (so they join its trace)', async () => {
    const seen = await visit('/cart');
    assert.ok(seen?.calls.includes('GetCart'), `calls seen: ${seen?.calls.join(', ')}`);
    assert.ok(seen?.calls.includes('ListRecommendations'), `calls seen: ${seen?.calls.join(', ')}`);
  });

  it('an unknown page → ended without a route, with its 404', async () => {
    const seen = await visit('/no/such/page');
    assert.deepEqual(seen?.ended, { route: undefined, status: 404 });
  });

  it('health checks → not observed', async () => {
    await visit('/_healthz');
    assert.deepEqual(requests, []);
  });
});

describe('frontend options', () => {
  let fakes: FakeBackends;
  const started: FrontendUnderTest[] = [];
  const start = async (env: Record<string, string>, timings = {}) => {
    const shop = await startFrontend(fakes.addrs, { env, timings });
    started.push(shop);
    return shop;
  };

  before(async () => {
    fakes = await startFakeBackends();
  });
  after(async () => {
    for (const shop of started) await shop.stop();
    await fakes.stop();
    closeAllChannels();
  });

  it('BASE_URL → every route, link, redirect and cookie path under the prefix', async () => {
    const shop = await start({ BASE_URL: '/shop' });
    const jar = new CookieJar();
    let response = await jar.fetch(`${shop.origin}/shop/`);
    assert.equal(response.status, 200);
    assert.match(setCookie(response, 'shop_session-id') ?? '', /Path=\/shop;/);
    const html = await response.text();
    assert.ok(html.includes('href="/shop/product/OLJCESPC7Z"'));
    assert.ok(html.includes('src="/shop/static/img/products/sunglasses.jpg"'));
    assert.ok(html.includes('action="/shop/setCurrency"'));
    response = await jar.post(`${shop.origin}/shop/cart`, { product_id: 'OLJCESPC7Z', quantity: '1' });
    assert.equal(response.headers.get('location'), '/shop/cart');
    response = await jar.post(
      `${shop.origin}/shop/setCurrency`,
      { currency_code: 'EUR' },
      { referer: `${shop.origin}/other/page` },
    );
    assert.equal(response.headers.get('location'), '/shop/', 'a Referer outside the prefix → the shop home');
    assert.equal(await (await fetch(`${shop.origin}/shop/_healthz`)).text(), 'ok');
    assert.equal((await fetch(`${shop.origin}/shop/static/img/products/mug.jpg`)).status, 200);
    assert.equal((await fetch(`${shop.origin}/`)).status, 404);
    assert.equal((await fetch(`${shop.origin}/_healthz`)).status, 404);
  });

  it('ENABLE_SINGLE_SHARED_SESSION → everyone gets the one fixed session, and so one cart', async () => {
    const shop = await start({ ENABLE_SINGLE_SHARED_SESSION: 'true' });
    const alice = new CookieJar();
    const bob = new CookieJar();
    bob.cookies.set('shop_session-id', 'bobs-own-session');
    await alice.fetch(`${shop.origin}/`);
    await alice.post(`${shop.origin}/cart`, { product_id: 'OLJCESPC7Z', quantity: '1' });
    const html = await (await bob.fetch(`${shop.origin}/cart`)).text();
    assert.equal(alice.cookies.get('shop_session-id'), SHARED_SESSION_ID);
    assert.equal(bob.cookies.get('shop_session-id'), SHARED_SESSION_ID);
    assert.ok(html.includes('Sunglasses'));
  });

  it('SECURE_COOKIES, FRONTEND_MESSAGE, ENV_PLATFORM and CYMBAL_BRANDING → shown', async () => {
    const shop = await start({
      SECURE_COOKIES: 'true',
      FRONTEND_MESSAGE: 'Closed for <b>stocktaking</b>',
      ENV_PLATFORM: 'aws',
      CYMBAL_BRANDING: 'true',
    });
    const response = await fetch(`${shop.origin}/`);
    assert.match(setCookie(response, 'shop_session-id') ?? '', /; HttpOnly; Secure; SameSite=Lax$/);
    const html = await response.text();
    assert.ok(html.includes('Closed for &lt;b>stocktaking&lt;/b>') || html.includes('Closed for &lt;b&gt;stocktaking'));
    assert.ok(html.includes('platform-aws') && html.includes('>AWS<'));
    assert.ok(html.includes('<title>Cymbal Shops</title>') && html.includes('logo-cymbal.svg'));
  });

  it('a cache TTL → the product list and conversions are fetched once for many pages', async () => {
    const shop = await start({}, { cacheTtlMs: 60_000 });
    fakes.reset();
    for (let i = 0; i < 3; i++) {
      const html = await (await fetch(`${shop.origin}/`, { headers: { cookie: 'shop_currency=EUR' } })).text();
      assert.ok(html.includes('€9.99'));
    }
    assert.equal(fakes.count('ListProducts'), 1);
    assert.equal(fakes.count('GetSupportedCurrencies'), 1);
    assert.equal(fakes.count('Convert'), PRODUCTS.length);
    assert.equal(fakes.count('GetCart'), 3, 'carts are never cached');
  });

  it('every backend unreachable → the pages answer 503, health still ok', async () => {
    const down = '127.0.0.1:1';
    const shop = await startFrontend(
      {
        productCatalog: down,
        currency: down,
        cart: down,
        recommendation: down,
        shipping: down,
        checkout: down,
        ad: down,
      },
      {},
    );
    started.push(shop);
    for (const path of ['/', '/product/OLJCESPC7Z', '/cart']) {
      await assertErrorPage(await fetch(`${shop.origin}${path}`), 503);
    }
    assert.equal((await fetch(`${shop.origin}/_healthz`)).status, 200);
  });
});
