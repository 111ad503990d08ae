import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@boutique/kit';
import { DEFAULT_CATALOG_FILE } from './catalog';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('an empty environment → port 3550, the shipped catalog, no extra latency', () => {
    assert.deepEqual(loadConfig({}), { port: 3550, catalogFile: DEFAULT_CATALOG_FILE, extraLatencyMs: 0 });
  });

  it('every variable set → used', () => {
    assert.deepEqual(loadConfig({ PORT: '4000', PRODUCT_CATALOG_FILE: '/tmp/p.json', EXTRA_LATENCY: '5.5s' }), {
      port: 4000,
      catalogFile: '/tmp/p.json',
      extraLatencyMs: 5_500,
    });
  });

  it('EXTRA_LATENCY "200ms" → 200', () => {
    assert.equal(loadConfig({ EXTRA_LATENCY: '200ms' }).extraLatencyMs, 200);
  });

  it('an unparsable EXTRA_LATENCY and a bad PORT → one ConfigError naming both', () => {
    assert.throws(
      () => loadConfig({ EXTRA_LATENCY: 'soon', PORT: 'http' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 2 &&
        err.message.includes('EXTRA_LATENCY must be a duration') &&
        err.message.includes('PORT must be a port number'),
    );
  });

  it('the config is frozen', () => {
    assert.ok(Object.isFrozen(loadConfig({})));
  });
});
