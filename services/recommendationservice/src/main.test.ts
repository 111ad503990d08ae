import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkHealth, hipstershop, initLogger, type Running, serve, unary } from '@boutique/kit';
import { startServiceProcess } from '@boutique/kit/testing';

initLogger('recommendationservice-test', { level: 'silent' });

/** A catalog answering ListProducts with two products, on a free loopback port. */
function startCatalog(): Promise<Running> {
  const product = (id: string) => ({ id, name: id, description: '', picture: '', categories: [] });
  return serve({
    port: 0,
    handleSignals: false,
    services: [
      {
        service: hipstershop.ProductCatalogService.service,
        handlers: {
          ListProducts: unary(() => ({ products: [product('OLJCESPC7Z'), product('66VCHSJNUP')] })),
          GetProduct: unary(({ id }: { id: string }) => product(id)),
          SearchProducts: unary(() => ({ results: [] })),
        },
      },
    ],
  });
}

const MAIN = path.join(__dirname, 'main.js');

describe('recommendationservice as a process', () => {
  it('PORT=0 → serves, health SERVING; SIGTERM → exit 0', { timeout: 20_000 }, async () => {
    // Health is SERVING only once the catalog has answered (its ids are then cached), so a real one is up.
    const catalog = await startCatalog();
    const proc = startServiceProcess(MAIN, {
      LOG_LEVEL: 'info',
      PORT: '0',
      PRODUCT_CATALOG_SERVICE_ADDR: `127.0.0.1:${catalog.port}`,
    });
    try {
      const port = await proc.serving;
      assert.equal(await checkHealth(`127.0.0.1:${port}`), 'SERVING');
      proc.child.kill('SIGTERM');
      assert.deepEqual(await proc.exited, [0, null]);
    } finally {
      proc.kill();
      await catalog.shutdown();
    }
  });

  it('the catalog unreachable → bound but NOT_SERVING, retrying; SIGTERM → exit 0', { timeout: 20_000 }, async () => {
    const proc = startServiceProcess(MAIN, {
      LOG_LEVEL: 'info',
      PORT: '0',
      PRODUCT_CATALOG_SERVICE_ADDR: '127.0.0.1:1',
    });
    try {
      const deadline = Date.now() + 10_000;
      let warming = proc.lines.find((line) => line.message === 'warming up, NOT_SERVING until ready');
      while (
        !warming ||
        !proc.lines.some((line) => line.message === 'warm-up failed, retrying; not ready until it succeeds')
      ) {
        assert.ok(Date.now() < deadline, 'a warming-up line and a failed warm-up within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
        warming = proc.lines.find((line) => line.message === 'warming up, NOT_SERVING until ready');
      }
      assert.equal(await checkHealth(`127.0.0.1:${warming.port}`), 'NOT_SERVING');
      assert.ok(!proc.lines.some((line) => line.message === 'serving'));
      proc.child.kill('SIGTERM');
      assert.deepEqual(await proc.exited, [0, null]);
    } finally {
      proc.kill();
    }
  });

  it('no PRODUCT_CATALOG_SERVICE_ADDR → exit 1 with a fatal log line naming the problem', {
    timeout: 20_000,
  }, async () => {
    const proc = startServiceProcess(MAIN, { LOG_LEVEL: 'info', PORT: '0' });
    assert.deepEqual(await proc.exited, [1, null]);
    const fatal = proc.lines.find((line) => line.severity === 'fatal');
    assert.ok(fatal, 'a fatal log line');
    assert.equal(fatal.message, 'failed to start');
    assert.match(JSON.stringify(fatal), /PRODUCT_CATALOG_SERVICE_ADDR/);
  });
});
