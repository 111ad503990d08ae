import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initLogger } from '../logger';
import { hipstershop } from '../proto';
import { checkHealth } from './health';
import { serve } from './server';
import { unary } from './unary';

initLogger('kit-test', { level: 'silent' });

const adService = () => ({
  service: hipstershop.AdService.service,
  handlers: { GetAds: unary(() => ({ ads: [] })) },
});

/** A promise and the functions that settle it, for a warm-up the test finishes by hand. */
function manual() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('serve({ ready })', () => {
  it('answers NOT_SERVING until the ready promise resolves, then SERVING for the server and each service', async () => {
    const warmUp = manual();
    const running = await serve({ port: 0, services: [adService()], handleSignals: false, ready: warmUp.promise });
    const address = `127.0.0.1:${running.port}`;
    try {
      assert.equal(await checkHealth(address), 'NOT_SERVING');
      assert.equal(await checkHealth(address, 'hipstershop.AdService'), 'NOT_SERVING');
      warmUp.resolve();
      await warmUp.promise;
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await checkHealth(address), 'SERVING');
      assert.equal(await checkHealth(address, 'hipstershop.AdService'), 'SERVING');
    } finally {
      await running.shutdown();
    }
  });

  it('stays NOT_SERVING when the warm-up fails', async () => {
    const warmUp = manual();
    const running = await serve({ port: 0, services: [adService()], handleSignals: false, ready: warmUp.promise });
    const address = `127.0.0.1:${running.port}`;
    try {
      warmUp.reject(new Error('catalog never answered'));
      await warmUp.promise.catch(() => {});
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await checkHealth(address), 'NOT_SERVING');
    } finally {
      await running.shutdown();
    }
  });

  it('reports SERVING as soon as it is bound when no ready promise is given', async () => {
    const running = await serve({ port: 0, services: [adService()], handleSignals: false });
    try {
      assert.equal(await checkHealth(`127.0.0.1:${running.port}`), 'SERVING');
    } finally {
      await running.shutdown();
    }
  });
});
