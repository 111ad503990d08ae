import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@boutique/kit';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('empty environment → port 9555, frozen', () => {
    const config = loadConfig({});
    assert.deepEqual(config, { port: 9555 });
    assert.ok(Object.isFrozen(config));
  });
  it('PORT=9999 → port 9999', () => {
    assert.equal(loadConfig({ PORT: '9999' }).port, 9999);
  });
  it('PORT=70000 → a ConfigError naming PORT', () => {
    assert.throws(
      () => loadConfig({ PORT: '70000' }),
      (err: unknown) => err instanceof ConfigError && /PORT/.test(err.message),
    );
  });
});
