import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@boutique/kit';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('empty environment → port 50051, frozen', () => {
    const config = loadConfig({});
    assert.deepEqual(config, { port: 50051 });
    assert.ok(Object.isFrozen(config));
  });
  it('PORT=6000 → port 6000', () => {
    assert.equal(loadConfig({ PORT: '6000' }).port, 6000);
  });
  it('PORT=http → a ConfigError naming PORT', () => {
    assert.throws(
      () => loadConfig({ PORT: 'http' }),
      (err: unknown) => err instanceof ConfigError && /PORT/.test(err.message),
    );
  });
});
