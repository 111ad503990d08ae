import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { initLogger } from '../logger';
import { hipstershop } from '../proto';
import { createClient } from './client';
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

describe('serve({ warmUp })', () => {
  it('answers NOT_SERVING until the warm-up resolves, then SERVING for the server and each service', async () => {
    const warmUp = manual();
    const running = await serve({
      port: 0,
      services: [adService()],
      handleSignals: false,
      warmUp: () => warmUp.promise,
    });
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

  it('calls a failing warm-up again until it succeeds, NOT_SERVING meanwhile', async () => {
    let attempts = 0;
    let succeedFrom = Number.POSITIVE_INFINITY;
    const running = await serve({
      port: 0,
      services: [adService()],
      handleSignals: false,
      warmUpRetryMs: 10,
      warmUp: async () => {
        attempts++;
        if (attempts < succeedFrom) throw new Error('catalog not answering yet');
      },
    });
    const address = `127.0.0.1:${running.port}`;
    try {
      while (attempts < 3) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(await checkHealth(address), 'NOT_SERVING');
      succeedFrom = attempts + 1;
      const deadline = Date.now() + 5_000;
      while ((await checkHealth(address)) !== 'SERVING') {
        assert.ok(Date.now() < deadline, 'SERVING within 5 s of the warm-up succeeding');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const settled = attempts;
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(attempts, settled, 'no more attempts once it succeeded');
    } finally {
      await running.shutdown();
    }
  });

  it('stops retrying the warm-up once shut down', async () => {
    let attempts = 0;
    const running = await serve({
      port: 0,
      services: [adService()],
      handleSignals: false,
      warmUpRetryMs: 10,
      warmUp: async () => {
        attempts++;
        throw new Error('never ready');
      },
    });
    await running.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const afterShutdown = attempts;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(attempts, afterShutdown);
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

describe('client.connected()', () => {
  it('nothing listening → UNAVAILABLE once its deadline is over; a server coming up → resolves, with nothing sent', async () => {
    let calls = 0;
    // A port that was free a moment ago: bound, then released.
    const probe = await serve({ port: 0, services: [adService()], handleSignals: false });
    const port = probe.port;
    await probe.shutdown();
    const client = createClient(hipstershop.AdService, `127.0.0.1:${port}`);
    try {
      const started = Date.now();
      await assert.rejects(client.connected({ deadlineMs: 300 }), { code: status.UNAVAILABLE });
      assert.ok(Date.now() - started >= 290, 'waited out its deadline');
      const running = await serve({
        port,
        host: '127.0.0.1',
        services: [
          {
            ...adService(),
            handlers: {
              GetAds: unary(() => {
                calls++;
                return { ads: [] };
              }),
            },
          },
        ],
        handleSignals: false,
      });
      try {
        await client.connected({ deadlineMs: 3_000 });
        assert.equal(calls, 0);
      } finally {
        await running.shutdown();
      }
    } finally {
      client.close();
    }
  });
});
