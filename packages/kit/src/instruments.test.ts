import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ServerUnaryCall } from '@grpc/grpc-js';
import { trace } from '@opentelemetry/api';
import { type CollectionResult, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { invalidArgument, notFound } from './errors';
import { createClient } from './grpc/client';
import { type Running, serve } from './grpc/server';
import { unary } from './grpc/unary';
import { createBusinessSink, createRpcObserver, RPC_SERVER_DURATION } from './instruments';
import { initLogger } from './logger';
import { businessMetrics, installTelemetryHooks } from './metrics';
import { hipstershop } from './proto';
import { userIdHash } from './span-attributes';

initLogger('kit-test', { level: 'silent' });

/** A reader the test pulls from, instead of a periodic export. */
class PullReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

type Point = { attributes: Record<string, unknown>; value: unknown };

async function points(reader: MetricReader, name: string): Promise<Point[]> {
  const { resourceMetrics }: CollectionResult = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []) as Point[];
}

const USER = 'session-1234';

function cartService() {
  return {
    service: hipstershop.CartService.service,
    handlers: {
      AddItem: unary(({ item }: { item: { productId: string } | null }) => {
        if (!item?.productId) throw invalidArgument('item.product_id is required');
        return {};
      }),
      GetCart: unary(({ userId }: { userId: string }) => {
        if (userId === 'nobody') throw notFound('no such cart');
        return { userId, items: [] };
      }),
      EmptyCart: unary(() => ({})),
    },
  };
}

const cartClient = (address: string) => createClient(hipstershop.CartService, address);

describe('RPC metrics recorded by unary()', () => {
  let running: Running;
  let cart: ReturnType<typeof cartClient>;
  let reader: PullReader;

  before(async () => {
    reader = new PullReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
    installTelemetryHooks({ rpc: createRpcObserver(meter) });
    running = await serve({ port: 0, services: [cartService()], handleSignals: false });
    cart = cartClient(`127.0.0.1:${running.port}`);
  });
  after(async () => {
    installTelemetryHooks({});
    cart.close();
    await running.shutdown();
  });

  it('every call → one rpc.server.duration sample labelled with service, method and status code', async () => {
    await cart.GetCart({ userId: USER }, { deadlineMs: 2_000 });
    await cart.GetCart({ userId: USER }, { deadlineMs: 2_000 });
    await assert.rejects(cart.GetCart({ userId: 'nobody' }, { deadlineMs: 2_000 }));
    await assert.rejects(cart.AddItem({ userId: USER, item: { productId: '', quantity: 1 } }, { deadlineMs: 2_000 }));

    const counts = (await points(reader, RPC_SERVER_DURATION)).map((point) => ({
      ...point.attributes,
      count: (point.value as { count: number }).count,
    }));
    const base = { 'rpc.system': 'grpc', 'rpc.service': 'hipstershop.CartService' };
    assert.deepEqual(
      counts.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [
        { ...base, 'rpc.method': 'AddItem', 'rpc.grpc.status_code': 3, count: 1 },
        { ...base, 'rpc.method': 'GetCart', 'rpc.grpc.status_code': 0, count: 2 },
        { ...base, 'rpc.method': 'GetCart', 'rpc.grpc.status_code': 5, count: 1 },
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
  });

  it('the recorded duration covers the handler (a 30 ms handler → at least 30 ms)', async () => {
    const slow = unary(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return {};
    });
    const call = { getPath: () => '/hipstershop.CartService/EmptyCart', request: { userId: USER } };
    await new Promise((resolve) => slow(call as never, resolve as never));
    const [point] = (await points(reader, RPC_SERVER_DURATION)).filter(
      (p) => p.attributes['rpc.method'] === 'EmptyCart',
    );
    assert.ok(point, 'no EmptyCart sample');
    const { min } = point.value as { min: number };
    assert.ok(min >= 29, `min ${min}`);
  });
});

describe('span attributes set by unary()', () => {
  type Ended = { name: string; attributes: Record<string, unknown> };
  const ended: Ended[] = [];
  let sdk: NodeSDK;

  before(() => {
    sdk = new NodeSDK({
      instrumentations: [],
      metricReaders: [],
      spanProcessors: [
        {
          onStart() {},
          onEnd(span: Ended) {
            ended.push({ name: span.name, attributes: { ...span.attributes } });
          },
          forceFlush: async () => {},
          shutdown: async () => {},
        },
      ],
    });
    sdk.start();
    installTelemetryHooks({ rpc: createRpcObserver(undefined) });
  });
  after(async () => {
    installTelemetryHooks({});
    await sdk.shutdown();
  });
  beforeEach(() => {
    ended.length = 0;
  });

  /** Calls a unary() handler the way the grpc instrumentation does: inside an active server span. */
  function callInSpan<Req, Res>(
    handler: ReturnType<typeof unary<Req, Res>>,
    path: string,
    request: Req,
  ): Promise<unknown> {
    const call = { getPath: () => path, request } as unknown as ServerUnaryCall<Req, Res>;
    return new Promise((resolve) => {
      trace.getTracer('test').startActiveSpan('server', (span) => {
        handler(call, (err, value) => {
          span.end();
          resolve(err ?? value);
        });
      });
    });
  }

  it('a successful PlaceOrder → order id, item count, currency and user hash on the span; no card or email', async () => {
    const placeOrder = unary(async () => ({
      order: { orderId: 'order-9', shippingTrackingId: 'TR-1', items: [{}, {}], shippingAddress: { city: 'Paris' } },
    }));
    await callInSpan(placeOrder, '/hipstershop.CheckoutService/PlaceOrder', {
      userId: USER,
      userCurrency: 'EUR',
      email: 'someone@example.com',
      creditCard: { creditCardNumber: '4432801561520454', creditCardCvv: 672 },
    });
    assert.equal(ended.length, 1);
    assert.deepEqual(ended[0]!.attributes, {
      'user.hash': userIdHash(USER),
      'app.currency.code': 'EUR',
      'app.order.id': 'order-9',
      'app.order.items.count': 2,
      'app.shipping.tracking_id': 'TR-1',
    });
  });

  it('a failed call → the request attributes still reach the span', async () => {
    const addItem = unary(() => {
      throw invalidArgument('quantity must be positive');
    });
    const result = await callInSpan(addItem, '/hipstershop.CartService/AddItem', {
      userId: USER,
      item: { productId: 'OLJCESPC7Z', quantity: -1 },
    });
    assert.equal((result as { code: number }).code, 3);
    assert.deepEqual(ended[0]!.attributes, {
      'user.hash': userIdHash(USER),
      'app.product.id': 'OLJCESPC7Z',
      'app.product.quantity': -1,
    });
  });

  it('no active span → the handler still answers and nothing is set', async () => {
    const getCart = unary(({ userId }: { userId: string }) => ({ userId, items: [] }));
    const call = { getPath: () => '/hipstershop.CartService/GetCart', request: { userId: USER } };
    const value = await new Promise((resolve) =>
      getCart(call as never, ((_: unknown, v: unknown) => resolve(v)) as never),
    );
    assert.deepEqual(value, { userId: USER, items: [] });
    assert.equal(ended.length, 0);
  });
});

describe('businessMetrics', () => {
  let reader: PullReader;
  before(() => {
    reader = new PullReader();
    installTelemetryHooks({ business: createBusinessSink(new MeterProvider({ readers: [reader] }).getMeter('test')) });
  });
  after(() => installTelemetryHooks({}));

  const sum = async (name: string) => (await points(reader, name)).reduce((total, p) => total + (p.value as number), 0);

  it('orderPlaced → one more order and its USD total added to revenue', async () => {
    businessMetrics.orderPlaced({ currencyCode: 'USD', units: '28', nanos: 980_000_000 });
    businessMetrics.orderPlaced({ currencyCode: 'USD', units: '10', nanos: 0 });
    assert.equal(await sum('app.orders.placed'), 2);
    assert.equal(Math.round((await sum('app.orders.revenue')) * 100), 3898);
  });

  it('orderPlaced with a non-USD total → the order counts, the revenue does not change', async () => {
    const before = await sum('app.orders.revenue');
    businessMetrics.orderPlaced({ currencyCode: 'EUR', units: '5', nanos: 0 });
    assert.equal(await sum('app.orders.placed'), 3);
    assert.equal(await sum('app.orders.revenue'), before);
  });

  it('cartItemAdded → additions and units', async () => {
    businessMetrics.cartItemAdded(3);
    businessMetrics.cartItemAdded(1);
    assert.equal(await sum('app.cart.additions'), 2);
    assert.equal(await sum('app.cart.added_quantity'), 4);
  });

  it('paymentRefused → counted by reason', async () => {
    businessMetrics.paymentRefused('expired');
    businessMetrics.paymentRefused('expired');
    businessMetrics.paymentRefused('invalid_number');
    const byReason = Object.fromEntries(
      (await points(reader, 'app.payments.refused')).map((p) => [p.attributes['app.payment.refusal.reason'], p.value]),
    );
    assert.deepEqual(byReason, { expired: 2, invalid_number: 1 });
  });

  it('with metrics off (nothing installed) → every call is a silent no-op', () => {
    installTelemetryHooks({});
    businessMetrics.orderPlaced({ currencyCode: 'USD', units: '1', nanos: 0 });
    businessMetrics.cartItemAdded(1);
    businessMetrics.paymentRefused('expired');
  });
});
