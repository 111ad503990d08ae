import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@boutique/kit';
import { loadConfig, loopbackOrigin } from './config';

const ADDRS = {
  PRODUCT_CATALOG_SERVICE_ADDR: 'productcatalogservice:3550',
  CURRENCY_SERVICE_ADDR: 'currencyservice:7000',
  CART_SERVICE_ADDR: 'cartservice:7070',
  RECOMMENDATION_SERVICE_ADDR: 'recommendationservice:8080',
  SHIPPING_SERVICE_ADDR: 'shippingservice:50051',
  CHECKOUT_SERVICE_ADDR: 'checkoutservice:5050',
  AD_SERVICE_ADDR: 'adservice:9555',
};

describe('loadConfig', () => {
  it('only the addresses → the original defaults', () => {
    assert.deepEqual(loadConfig(ADDRS), {
      port: 8080,
      listenAddr: '',
      baseUrl: '',
      addrs: {
        productCatalog: 'productcatalogservice:3550',
        currency: 'currencyservice:7000',
        cart: 'cartservice:7070',
        recommendation: 'recommendationservice:8080',
        shipping: 'shippingservice:50051',
        checkout: 'checkoutservice:5050',
        ad: 'adservice:9555',
      },
      platform: 'local',
      frontendMessage: undefined,
      cymbalBranding: false,
      singleSharedSession: false,
      secureCookies: false,
      logLevel: 'info',
      catalogStaleIfErrorMs: 300_000,
      shutdownDelayMs: 0,
    });
  });
  it('every option set → read, message trimmed and trailing slash of BASE_URL dropped', () => {
    const config = loadConfig({
      ...ADDRS,
      PORT: '9000',
      LISTEN_ADDR: '127.0.0.1',
      BASE_URL: '/online-boutique/',
      ENV_PLATFORM: 'aws',
      FRONTEND_MESSAGE: '  Sale today  ',
      CYMBAL_BRANDING: 'TRUE',
      ENABLE_SINGLE_SHARED_SESSION: 'true',
      SECURE_COOKIES: 'true',
      LOG_LEVEL: 'debug',
      CATALOG_STALE_IF_ERROR: '90s',
      SHUTDOWN_DELAY: '10s',
    });
    assert.equal(config.port, 9000);
    assert.equal(config.listenAddr, '127.0.0.1');
    assert.equal(config.baseUrl, '/online-boutique');
    assert.equal(config.platform, 'aws');
    assert.equal(config.frontendMessage, 'Sale today');
    assert.equal(config.cymbalBranding, true);
    assert.equal(config.singleSharedSession, true);
    assert.equal(config.secureCookies, true);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.catalogStaleIfErrorMs, 90_000);
    assert.equal(config.shutdownDelayMs, 10_000);
    assert.ok(Object.isFrozen(config));
  });
  it('nothing set → one error naming all seven addresses', () => {
    assert.throws(
      () => loadConfig({}),
      (err: unknown) =>
        err instanceof ConfigError && err.problems.length === 7 && err.message.includes('AD_SERVICE_ADDR'),
    );
  });
  it('bad port, platform and BASE_URL → all reported together', () => {
    assert.throws(
      () => loadConfig({ ...ADDRS, PORT: 'eighty', ENV_PLATFORM: 'mars', BASE_URL: 'no-slash' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 3 &&
        /PORT/.test(err.message) &&
        /ENV_PLATFORM/.test(err.message) &&
        /BASE_URL/.test(err.message),
    );
  });
});

describe('loopbackOrigin', () => {
  it('every interface → 127.0.0.1; a given address as it is, IPv6 in brackets; BASE_URL appended', () => {
    assert.equal(loopbackOrigin({ listenAddr: '', baseUrl: '' }, 8080), 'http://127.0.0.1:8080');
    assert.equal(loopbackOrigin({ listenAddr: '0.0.0.0', baseUrl: '/shop' }, 80), 'http://127.0.0.1:80/shop');
    assert.equal(loopbackOrigin({ listenAddr: '::', baseUrl: '' }, 8080), 'http://127.0.0.1:8080');
    assert.equal(loopbackOrigin({ listenAddr: '::1', baseUrl: '' }, 8080), 'http://[::1]:8080');
    assert.equal(loopbackOrigin({ listenAddr: '127.0.0.2', baseUrl: '' }, 9000), 'http://127.0.0.2:9000');
  });
});
