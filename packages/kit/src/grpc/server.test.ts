import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { credentials, loadPackageDefinition, type ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { failedPrecondition, invalidArgument, notFound, unavailable } from '../errors';
import { shutdownDelayFromEnv } from '../lifecycle';
import { initLogger } from '../logger';
import { hipstershop } from '../proto';
import { createClient } from './client';
import { checkHealth } from './health';
import { type Running, serve } from './server';
import { unary } from './unary';

initLogger('kit-test', { level: 'silent' });

// What a handler may throw, selected by the product id asked for.
const THROWN: Record<string, () => unknown> = {
  invalid: () => invalidArgument('id must not be empty'),
  missing: () => notFound('no product with id "missing"'),
  precondition: () => failedPrecondition('catalog is empty'),
  down: () => unavailable('catalog file unreadable'),
  bug: () => new TypeError('cannot read properties of undefined (secret internals)'),
  nonstandard: () => Object.assign(new Error('card declined'), { code: 400 }),
  string: () => 'a bare string',
};

function catalogService() {
  return {
    service: hipstershop.ProductCatalogService.service,
    handlers: {
      ListProducts: unary(() => ({ products: [] })),
      GetProduct: unary(async ({ id }: { id: string }) => {
        const make = THROWN[id];
        if (make) throw make();
        return { id, name: 'Mug', description: '', picture: '', categories: [] };
      }),
      SearchProducts: unary(() => ({ results: [] })),
    },
  };
}

describe('serve()', () => {
  let running: Running;
  let catalog: ReturnType<typeof createClient<typeof hipstershop.ProductCatalogService.service>>;

  before(async () => {
    running = await serve({ port: 0, services: [catalogService()], handleSignals: false });
    catalog = createClient(hipstershop.ProductCatalogService, `127.0.0.1:${running.port}`);
  });
  after(async () => {
    catalog.close();
    await running.shutdown();
  });

  it('binds a free port when asked for port 0 and answers calls', async () => {
    assert.ok(running.port > 0);
    assert.equal((await catalog.GetProduct({ id: 'OLJCESPC7Z' }, { deadlineMs: 2_000 })).name, 'Mug');
  });

  it('reports SERVING for the whole server ("") and for each service by name', async () => {
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`), 'SERVING');
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`, 'hipstershop.ProductCatalogService'), 'SERVING');
  });

  it('lists its services through server reflection', async () => {
    const reflectionProto = path.join(
      path.dirname(require.resolve('@grpc/reflection/package.json')),
      'build/proto/grpc/reflection/v1/reflection.proto',
    );
    const pkg = loadPackageDefinition(loadSync(reflectionProto, { keepCase: true })) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: new (addr: string, creds: unknown) => ReflectionClient } } };
    };
    type ReflectionClient = { ServerReflectionInfo(): NodeJS.EventEmitter & { write(m: object): void; end(): void } };
    const client = new pkg.grpc.reflection.v1.ServerReflection(
      `127.0.0.1:${running.port}`,
      credentials.createInsecure(),
    );
    const names = await new Promise<string[]>((resolve, reject) => {
      const stream = client.ServerReflectionInfo();
      setTimeout(() => reject(new Error('no reflection answer within 5 s')), 5_000).unref();
      stream.on('data', (response: { list_services_response: { service: Array<{ name: string }> } }) => {
        resolve(response.list_services_response.service.map((service) => service.name));
        stream.end();
      });
      stream.on('error', reject);
      stream.write({ list_services: '' });
    });
    assert.ok(names.includes('hipstershop.ProductCatalogService'), `reflection listed ${names.join(', ')}`);
  });

  const expectations: Array<[string, status, string]> = [
    ['invalid', status.INVALID_ARGUMENT, 'id must not be empty'],
    ['missing', status.NOT_FOUND, 'no product with id "missing"'],
    ['precondition', status.FAILED_PRECONDITION, 'catalog is empty'],
    ['down', status.UNAVAILABLE, 'catalog file unreadable'],
    ['bug', status.INTERNAL, 'internal error'],
    ['nonstandard', status.INTERNAL, 'internal error'],
    ['string', status.INTERNAL, 'internal error'],
  ];
  for (const [id, code, details] of expectations) {
    it(`a handler throwing "${id}" → ${status[code]} "${details}"`, async () => {
      await assert.rejects(catalog.GetProduct({ id }, { deadlineMs: 2_000 }), (err: ServiceError) => {
        assert.equal(err.code, code);
        assert.equal(err.details, details);
        return true;
      });
    });
  }

  it('keeps serving after every kind of failure', async () => {
    assert.equal((await catalog.GetProduct({ id: 'OLJCESPC7Z' }, { deadlineMs: 2_000 })).id, 'OLJCESPC7Z');
  });

  it('refuses a port that is already in use with a clear error', async () => {
    await assert.rejects(serve({ port: running.port, services: [catalogService()], handleSignals: false }), {
      message: `port ${running.port} is already in use`,
    });
  });
});

describe('serve() on SIGTERM', () => {
  let child: ChildProcess;
  let port: number;
  const fixture = path.join(__dirname, '../test-fixtures/slow-server.js');

  async function startFixture(env: Record<string, string> = {}): Promise<void> {
    child = spawn(process.execPath, [fixture], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    port = await new Promise<number>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk;
        const match = /PORT=(\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', () => reject(new Error('fixture exited before serving')));
    });
  }
  const exitOf = (process: ChildProcess) =>
    new Promise<{ code: number | null; ms: number }>((resolve) => {
      const started = Date.now();
      process.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
    });

  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('completes the call in flight, refuses new ones, and exits 0', async () => {
    await startFixture({ SLOW_MS: '800' });
    const shipping = createClient(hipstershop.ShippingService, `127.0.0.1:${port}`);
    const inFlight = shipping.GetQuote({ items: [] }, { deadlineMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exit = exitOf(child);
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));

    const fresh = createClient(hipstershop.ShippingService, `127.0.0.1:${port}`);
    await assert.rejects(
      fresh.ShipOrder({}, { deadlineMs: 1_000 }),
      (err: ServiceError) => err.code === status.UNAVAILABLE,
    );
    assert.deepEqual((await inFlight).costUsd, { currencyCode: 'USD', units: '0', nanos: 0 });
    assert.equal((await exit).code, 0);
    shipping.close();
  });

  it('closes a call that outlives the grace period and still exits 0 within the bound', async () => {
    await startFixture({ SLOW_MS: '10000', GRACE_MS: '500' });
    const shipping = createClient(hipstershop.ShippingService, `127.0.0.1:${port}`);
    const stuck = shipping.GetQuote({ items: [] }, { deadlineMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exit = exitOf(child);
    child.kill('SIGTERM');

    await assert.rejects(stuck);
    const { code, ms } = await exit;
    assert.equal(code, 0);
    assert.ok(ms < 2_000, `exited after ${ms} ms`);
    shipping.close();
  });
});

describe('serve() with a shutdown delay', () => {
  it('says NOT_SERVING at once, answers new calls and connections until the delay is over, then closes', async () => {
    const running = await serve({ port: 0, services: [catalogService()], handleSignals: false, shutdownDelayMs: 800 });
    const address = `127.0.0.1:${running.port}`;
    const started = Date.now();
    const stopped = running.shutdown().then(() => Date.now() - started);
    assert.equal(await checkHealth(address), 'NOT_SERVING');
    // A caller that only now learns this address (a stale DNS answer) still gets served.
    const late = createClient(hipstershop.ProductCatalogService, address);
    assert.equal((await late.GetProduct({ id: 'OLJCESPC7Z' }, { deadlineMs: 500 })).name, 'Mug');
    late.close();
    const tookMs = await stopped;
    assert.ok(tookMs >= 800, `closed after ${tookMs} ms`);
    const after = createClient(hipstershop.ProductCatalogService, address);
    await assert.rejects(after.GetProduct({ id: 'OLJCESPC7Z' }, { deadlineMs: 500 }));
    after.close();
  });

  it('takes its delay from SHUTDOWN_DELAY (a duration; none when unset) and refuses a malformed one', () => {
    assert.equal(shutdownDelayFromEnv({ SHUTDOWN_DELAY: '10s' }), 10_000);
    assert.equal(shutdownDelayFromEnv({ SHUTDOWN_DELAY: '1500ms' }), 1_500);
    assert.equal(shutdownDelayFromEnv({}), 0);
    assert.throws(() => shutdownDelayFromEnv({ SHUTDOWN_DELAY: 'ten' }), /SHUTDOWN_DELAY/);
  });
});
