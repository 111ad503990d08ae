import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@boutique/kit';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('only PRODUCT_CATALOG_SERVICE_ADDR → the defaults, frozen', () => {
    const config = loadConfig({ PRODUCT_CATALOG_SERVICE_ADDR: 'productcatalogservice:3550' });
    assert.deepEqual(config, {
      port: 8080,
      productCatalogAddr: 'productcatalogservice:3550',
      catalogDeadlineMs: 1_000,
      catalogCacheTtlMs: 30_000,
    });
    assert.ok(Object.isFrozen(config));
  });
  it('every variable set → each one read', () => {
    const config = loadConfig({
      PORT: '8081',
      PRODUCT_CATALOG_SERVICE_ADDR: '127.0.0.1:3550',
      CATALOG_TIMEOUT: '250ms',
      CATALOG_CACHE_TTL: '0',
    });
    assert.deepEqual(config, {
      port: 8081,
      productCatalogAddr: '127.0.0.1:3550',
      catalogDeadlineMs: 250,
      catalogCacheTtlMs: 0,
    });
  });
  it('no catalog address and a bad timeout → one ConfigError naming both', () => {
    assert.throws(
      () => loadConfig({ CATALOG_TIMEOUT: 'soon' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 2 &&
        /PRODUCT_CATALOG_SERVICE_ADDR/.test(err.message) &&
        /CATALOG_TIMEOUT/.test(err.message),
    );
  });
});
