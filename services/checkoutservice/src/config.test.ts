import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@boutique/kit';
import { loadConfig } from './config';

const ADDRS = {
  SHIPPING_SERVICE_ADDR: 'shippingservice:50051',
  PRODUCT_CATALOG_SERVICE_ADDR: 'productcatalogservice:3550',
  CART_SERVICE_ADDR: 'cartservice:7070',
  CURRENCY_SERVICE_ADDR: 'currencyservice:7000',
  EMAIL_SERVICE_ADDR: 'emailservice:5000',
  PAYMENT_SERVICE_ADDR: 'paymentservice:50051',
};

describe('loadConfig', () => {
  it('reads the six addresses; port 5050 and a 30 s price cache by default', () => {
    assert.deepEqual(loadConfig(ADDRS), {
      port: 5050,
      addresses: {
        shipping: 'shippingservice:50051',
        catalog: 'productcatalogservice:3550',
        cart: 'cartservice:7070',
        currency: 'currencyservice:7000',
        email: 'emailservice:5000',
        payment: 'paymentservice:50051',
      },
      priceCacheTtlMs: 30_000,
    });
  });

  it('PRICE_CACHE_TTL sets how long prices and conversions are reused; 0 turns the cache off', () => {
    assert.equal(loadConfig({ ...ADDRS, PRICE_CACHE_TTL: '5s' }).priceCacheTtlMs, 5_000);
    assert.equal(loadConfig({ ...ADDRS, PRICE_CACHE_TTL: '0' }).priceCacheTtlMs, 0);
    assert.throws(() => loadConfig({ ...ADDRS, PRICE_CACHE_TTL: 'soon' }), /PRICE_CACHE_TTL must be a duration/);
  });

  it('takes PORT and returns a frozen configuration', () => {
    const config = loadConfig({ ...ADDRS, PORT: '6060' });
    assert.equal(config.port, 6060);
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.addresses));
  });

  it('reports every missing address at once', () => {
    assert.throws(
      () => loadConfig({ CART_SERVICE_ADDR: 'cartservice:7070', PAYMENT_SERVICE_ADDR: ' ', PORT: 'x' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(err.problems, [
          'PORT must be a port number (0-65535), got "x"',
          'SHIPPING_SERVICE_ADDR is required but not set',
          'PRODUCT_CATALOG_SERVICE_ADDR is required but not set',
          'CURRENCY_SERVICE_ADDR is required but not set',
          'EMAIL_SERVICE_ADDR is required but not set',
          'PAYMENT_SERVICE_ADDR is required but not set',
        ]);
        return true;
      },
    );
  });
});
