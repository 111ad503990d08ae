import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '@boutique/frontend/test-support/cookie-jar';
import { type Stack, startStack } from '@boutique/tools/stack';
import { PRODUCT, PRODUCT_IDS } from './fixtures/catalog';
import { formFields, textOf } from './fixtures/pages';

describe('golden path through every real process', () => {
  let stack: Stack;
  const url = (path: string) => `${stack.frontendUrl}${path}`;

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  it('home → product → add to cart → cart → checkout → order page, checked through the pages', async () => {
    const jar = new CookieJar();

    const home = await jar.fetch(url('/'));
    assert.equal(home.status, 200);
    const homeHtml = await home.text();
    const linked = [...homeHtml.matchAll(/href="\/product\/([A-Z0-9]+)"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(linked)].sort(), [...PRODUCT_IDS].sort(), 'every catalog product on the home page');
    assert.ok(homeHtml.includes('$19.99'), 'sunglasses at 19.99 USD');

    const product = await jar.fetch(url(`/product/${PRODUCT.sunglasses}`));
    assert.equal(product.status, 200);
    const productHtml = await product.text();
    assert.ok(productHtml.includes('<h1>Sunglasses</h1>'));
    const addForm = formFields(productHtml, '/cart');
    assert.deepEqual(addForm, { product_id: PRODUCT.sunglasses, quantity: '1' });

    const added = await jar.post(url('/cart'), { ...addForm, quantity: '2' });
    assert.equal(added.status, 302);
    assert.equal(added.headers.get('location'), '/cart');
    await jar.post(url('/cart'), { product_id: PRODUCT.mug, quantity: '1' });

    const cart = await jar.fetch(url('/cart'));
    assert.equal(cart.status, 200);
    const cartHtml = await cart.text();
    assert.ok(cartHtml.includes('Cart (3 items)'));
    assert.ok(cartHtml.includes('Sunglasses') && cartHtml.includes('Mug'));
    assert.ok(cartHtml.includes('$39.98'), 'two sunglasses: 2 × 19.99');
    assert.match(cartHtml, /Shipping<\/dt><dd><span class="price">\$8.99</);
    assert.match(cartHtml, /Total<\/dt><dd><span class="price">\$57.96</, '39.98 + 8.99 + 8.99');

    // The checkout form comes prefilled: submit exactly what the page holds.
    const checkoutForm = formFields(cartHtml, '/cart/checkout');
    const order = await jar.post(url('/cart/checkout'), checkoutForm);
    assert.equal(order.status, 200);
    const orderHtml = await order.text();
    assert.match(textOf(orderHtml, 'order-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.match(textOf(orderHtml, 'tracking-id') ?? '', /^[A-Z]{2}-\d+-\d+$/);
    assert.equal(textOf(orderHtml, 'total-paid'), '$57.96');
    assert.ok(orderHtml.includes(checkoutForm.email!));

    const after = await (await jar.fetch(url('/cart'))).text();
    assert.ok(after.includes('Your cart is empty'), 'the order emptied the cart');
  });

  it('currency switch → prices and cart totals in that currency', async () => {
    const jar = new CookieJar();
    await jar.fetch(url('/'));
    const switched = await jar.post(
      url('/setCurrency'),
      { currency_code: 'EUR' },
      { referer: url(`/product/${PRODUCT.sunglasses}`) },
    );
    assert.equal(switched.status, 302);
    assert.equal(switched.headers.get('location'), `/product/${PRODUCT.sunglasses}`);
    const productHtml = await (await jar.fetch(url(`/product/${PRODUCT.sunglasses}`))).text();
    assert.ok(
      productHtml.includes('€17.68'),
      '19.99 USD = 17.682441398 EUR (docs/compatibility.md, Catalog and currency rates)',
    );
    await jar.post(url('/cart'), { product_id: PRODUCT.sunglasses, quantity: '1' });
    const cartHtml = await (await jar.fetch(url('/cart'))).text();
    assert.match(cartHtml, /Shipping<\/dt><dd><span class="price">€7.95</, '8.99 USD = 7.952233525 EUR');
    assert.match(cartHtml, /Total<\/dt><dd><span class="price">€25.63</, '17.682441398 + 7.952233525');
  });

  it('a refused card → 4xx page saying why, the cart untouched', async () => {
    const jar = new CookieJar();
    await jar.fetch(url('/'));
    await jar.post(url('/cart'), { product_id: PRODUCT.bambooGlassJar, quantity: '3' });
    const cartHtml = await (await jar.fetch(url('/cart'))).text();
    // A Luhn-valid American Express test number: payment accepts only VISA and MasterCard.
    const refused = await jar.post(url('/cart/checkout'), {
      ...formFields(cartHtml, '/cart/checkout'),
      credit_card_number: '378282246310005',
    });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /American Express|amex|VISA/i);
    const again = await (await jar.fetch(url('/cart'))).text();
    assert.ok(again.includes('Cart (3 items)'), 'nothing was removed from the cart');
  });

  it('search and an unknown product through the real catalog', async () => {
    const search = await (await fetch(url('/search?q=kitchen'))).text();
    assert.ok(search.includes('Results for'));
    assert.equal((await fetch(url('/product/NOSUCHPRODUCT'))).status, 404);
  });
});
