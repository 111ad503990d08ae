import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Metadata, type ServerUnaryCall, status } from '@grpc/grpc-js';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type CollectionResult, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { invalidArgument, notFound } from '../errors';
import { createClient } from '../grpc/client';
import { type Running, serve } from '../grpc/server';
import { unary } from '../grpc/unary';
import { initLogger } from '../logger';
import { hipstershop } from '../proto';
import { createCounter } from './counters';
import { installTelemetryHooks } from './hooks';
import {
  createCounterMaker,
  createHttpServerObserver,
  createRpcClientObserver,
  createRpcServerObserver,
  HTTP_SERVER_DURATION,
  RPC_SERVER_DURATION,
} from './instruments';
import { userHashAttribute, userIdHash } from './span-attributes';

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

/** How many times the test cart's GetCart declaration has run (it must not while tracing is off). */
let declaredRunsOfTestCart = 0;

function cartService() {
  return {
    service: hipstershop.CartService.service,
    handlers: {
      AddItem: unary(({ item }: { item: { productId: string } | null }) => {
        if (!item?.productId) throw invalidArgument('item.product_id is required');
        return {};
      }),
      GetCart: unary(
        ({ userId }: { userId: string }) => {
          if (userId === 'nobody') throw notFound('no such cart');
          return { userId, items: [] };
        },
        {
          spanAttributes: ({ userId }) => {
            declaredRunsOfTestCart++;
            return { 'test.user.length': userId.length };
          },
        },
      ),
      EmptyCart: unary(() => ({})),
    },
  };
}

const cartClient = (address: string) => createClient(hipstershop.CartService, address);

// One SDK for the whole file, recording every span that ends: OpenTelemetry's global providers can
// be registered only once per process.
const endedSpans: ReadableSpan[] = [];
let sdk: NodeSDK;
before(() => {
  sdk = new NodeSDK({
    instrumentations: [],
    metricReaders: [],
    spanProcessors: [
      {
        onStart() {},
        onEnd: (span: ReadableSpan) => endedSpans.push(span),
        forceFlush: async () => {},
        shutdown: async () => {},
      },
    ],
  });
  sdk.start();
});
after(() => sdk.shutdown());

describe('RPC metrics recorded by unary()', () => {
  let running: Running;
  let cart: ReturnType<typeof cartClient>;
  let reader: PullReader;

  before(async () => {
    reader = new PullReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
    installTelemetryHooks({ rpcServer: createRpcServerObserver(undefined, meter) });
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
        { ...base, 'rpc.method': 'AddItem', 'rpc.grpc.status_code': status.INVALID_ARGUMENT, count: 1 },
        { ...base, 'rpc.method': 'GetCart', 'rpc.grpc.status_code': status.OK, count: 2 },
        { ...base, 'rpc.method': 'GetCart', 'rpc.grpc.status_code': status.NOT_FOUND, count: 1 },
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

describe('server and client spans made by unary() and createClient()', () => {
  type Ended = {
    name: string;
    kind: SpanKind;
    traceId: string;
    spanId: string;
    parentSpanId: string | undefined;
    status: { code: SpanStatusCode; message?: string };
    attributes: Record<string, unknown>;
  };
  let running: Running;
  let cart: ReturnType<typeof cartClient>;

  before(async () => {
    const tracer = trace.getTracer('test');
    installTelemetryHooks({
      rpcServer: createRpcServerObserver(tracer, undefined),
      rpcClient: createRpcClientObserver(tracer),
    });
    running = await serve({ port: 0, services: [cartService()], handleSignals: false });
    cart = cartClient(`127.0.0.1:${running.port}`);
  });
  after(async () => {
    installTelemetryHooks({});
    cart.close();
    await running.shutdown();
  });
  beforeEach(() => {
    endedSpans.length = 0;
  });

  /** Calls a unary() handler directly, as grpc-js would, with the given metadata. */
  function call<Req, Res>(
    handler: ReturnType<typeof unary<Req, Res>>,
    path: string,
    request: Req,
    metadata = new Metadata(),
  ): Promise<unknown> {
    const serverCall = { getPath: () => path, request, metadata } as unknown as ServerUnaryCall<Req, Res>;
    return new Promise((resolve) => handler(serverCall, (err, value) => resolve(err ?? value)));
  }

  /** Waits until `count` spans have ended (the server span may end just after the client has its answer). */
  async function spans(count: number): Promise<Ended[]> {
    for (let i = 0; i < 100 && endedSpans.length < count; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return endedSpans.map((span) => ({
      name: span.name,
      kind: span.kind,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      status: span.status,
      attributes: { ...span.attributes },
    }));
  }

  it('a call through createClient → a CLIENT span in the caller, parent of the SERVER span, one trace', async () => {
    await cart.GetCart({ userId: USER }, { deadlineMs: 2_000 });
    const [first, second] = await spans(2);
    const server = [first, second].find((span) => span?.kind === SpanKind.SERVER)!;
    const client = [first, second].find((span) => span?.kind === SpanKind.CLIENT)!;
    assert.ok(server && client, 'one server span and one client span');
    assert.equal(client.name, 'hipstershop.CartService/GetCart');
    assert.equal(server.name, 'hipstershop.CartService/GetCart');
    assert.equal(server.traceId, client.traceId);
    assert.equal(server.parentSpanId, client.spanId);
    assert.equal(client.parentSpanId, undefined, 'no active span → the client span starts a trace');
    assert.deepEqual(client.attributes, {
      'rpc.system': 'grpc',
      'rpc.service': 'hipstershop.CartService',
      'rpc.method': 'GetCart',
      'server.address': '127.0.0.1',
      'server.port': running.port,
      'rpc.grpc.status_code': status.OK,
    });
    assert.equal(client.status.code, SpanStatusCode.UNSET);
  });

  it("a call made while a span is active → its client span is that span's child", async () => {
    const tracer = trace.getTracer('test');
    const page = tracer.startSpan('page');
    await context.with(trace.setSpan(context.active(), page), () =>
      cart.GetCart({ userId: USER }, { deadlineMs: 2_000 }),
    );
    page.end();
    const client = (await spans(3)).find((span) => span.kind === SpanKind.CLIENT)!;
    assert.equal(client.traceId, page.spanContext().traceId);
    assert.equal(client.parentSpanId, page.spanContext().spanId);
  });

  it('a failed call → the client span is an error; the server span only for server-side codes', async () => {
    await assert.rejects(cart.GetCart({ userId: 'nobody' }, { deadlineMs: 2_000 }));
    const notFound = await spans(2);
    const client = notFound.find((span) => span.kind === SpanKind.CLIENT)!;
    const server = notFound.find((span) => span.kind === SpanKind.SERVER)!;
    assert.equal(client.status.code, SpanStatusCode.ERROR);
    assert.equal(client.attributes['rpc.grpc.status_code'], status.NOT_FOUND);
    assert.equal(server.attributes['rpc.grpc.status_code'], status.NOT_FOUND);
    assert.equal(server.status.code, SpanStatusCode.UNSET, 'NOT_FOUND is a correct answer, not a server error');

    endedSpans.length = 0;
    const broken = unary(() => {
      throw new Error('disk on fire');
    });
    await call(broken, '/hipstershop.CartService/EmptyCart', { userId: USER });
    const [internal] = await spans(1);
    assert.equal(internal!.attributes['rpc.grpc.status_code'], status.INTERNAL);
    assert.deepEqual(internal!.status, { code: SpanStatusCode.ERROR, message: 'internal error' });
  });

  it('a traceparent in the metadata → the server span continues that trace', async () => {
    const metadata = new Metadata();
    metadata.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const getCart = unary(({ userId }: { userId: string }) => ({ userId, items: [] }));
    await call(getCart, '/hipstershop.CartService/GetCart', { userId: USER }, metadata);
    const [server] = await spans(1);
    assert.equal(server!.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(server!.parentSpanId, 'b7ad6b7169203331');
  });

  it('the handler runs inside its server span: what it calls and logs belongs to the same trace', async () => {
    let active: string | undefined;
    const handler = unary(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      active = trace.getActiveSpan()?.spanContext().spanId;
      return {};
    });
    await call(handler, '/hipstershop.CartService/EmptyCart', { userId: USER });
    const [server] = await spans(1);
    assert.equal(active, server!.spanId);
  });

  type OrderRequest = { userId: string; userCurrency: string; email: string; creditCard: object };
  type OrderResponse = { order: { orderId: string; items: unknown[]; shippingAddress: object } };
  /** A service's own declaration, as a service's telemetry.ts writes it. */
  const orderAttributes = (request: OrderRequest, response: OrderResponse | undefined) => ({
    ...userHashAttribute(request.userId),
    'test.currency': request.userCurrency,
    'test.order.id': response?.order.orderId,
    'test.order.items': response?.order.items.length,
  });
  const ORDER_REQUEST: OrderRequest = {
    userId: USER,
    userCurrency: 'EUR',
    email: 'someone@example.com',
    creditCard: { creditCardNumber: '4432801561520454', creditCardCvv: 672 },
  };

  it('a service-declared attribute set → on the server span beside rpc.*; nothing it does not name (no card or email)', async () => {
    const placeOrder = unary(
      async (): Promise<OrderResponse> => ({
        order: { orderId: 'order-9', items: [{}, {}], shippingAddress: { city: 'Paris' } },
      }),
      { spanAttributes: orderAttributes },
    );
    await call(placeOrder, '/hipstershop.CheckoutService/PlaceOrder', ORDER_REQUEST);
    const [span] = await spans(1);
    assert.equal(span!.name, 'hipstershop.CheckoutService/PlaceOrder');
    assert.deepEqual(span!.attributes, {
      'rpc.system': 'grpc',
      'rpc.service': 'hipstershop.CheckoutService',
      'rpc.method': 'PlaceOrder',
      'user.hash': userIdHash(USER),
      'test.currency': 'EUR',
      'test.order.id': 'order-9',
      'test.order.items': 2,
      'rpc.grpc.status_code': status.OK,
    });
  });

  it('no declaration → the kit reads nothing from the messages: rpc.* and the status code only', async () => {
    const placeOrder = unary(async () => ({ order: { orderId: 'order-9', items: [{}] } }));
    await call(placeOrder, '/hipstershop.CheckoutService/PlaceOrder', ORDER_REQUEST);
    const [span] = await spans(1);
    assert.deepEqual(span!.attributes, {
      'rpc.system': 'grpc',
      'rpc.service': 'hipstershop.CheckoutService',
      'rpc.method': 'PlaceOrder',
      'rpc.grpc.status_code': status.OK,
    });
  });

  it('a declared attribute → reaches the server span of a real call through serve() and createClient()', async () => {
    await cart.GetCart({ userId: 'declared' }, { deadlineMs: 2_000 });
    const server = (await spans(2)).find((span) => span.kind === SpanKind.SERVER)!;
    assert.equal(server.attributes['test.user.length'], 'declared'.length);
  });

  it('a failed call → the declaration gets no response, and the request attributes still reach the span', async () => {
    const responses: unknown[] = [];
    const addItem = unary(
      (): object => {
        throw invalidArgument('quantity must be positive');
      },
      {
        spanAttributes: (request: { userId: string; item: { productId: string; quantity: number } }, response) => {
          responses.push(response);
          return {
            ...userHashAttribute(request.userId),
            'test.product.id': request.item.productId,
            'test.product.quantity': request.item.quantity,
          };
        },
      },
    );
    const result = await call(addItem, '/hipstershop.CartService/AddItem', {
      userId: USER,
      item: { productId: 'OLJCESPC7Z', quantity: -1 },
    });
    assert.equal((result as { code: number }).code, status.INVALID_ARGUMENT);
    const [span] = await spans(1);
    assert.deepEqual(responses, [undefined]);
    assert.equal(span!.attributes['user.hash'], userIdHash(USER));
    assert.equal(span!.attributes['test.product.id'], 'OLJCESPC7Z');
    assert.equal(span!.attributes['test.product.quantity'], -1);
    assert.equal(span!.attributes['rpc.grpc.status_code'], status.INVALID_ARGUMENT);
  });

  it('a declaration that throws → the call still answers, its span ends without the declared attributes', async () => {
    const getCart = unary(({ userId }: { userId: string }) => ({ userId, items: [] }), {
      spanAttributes: () => {
        throw new Error('a bug in the declaration');
      },
    });
    const value = await call(getCart, '/hipstershop.CartService/GetCart', { userId: USER });
    assert.deepEqual(value, { userId: USER, items: [] });
    const [span] = await spans(1);
    assert.deepEqual(span!.attributes, {
      'rpc.system': 'grpc',
      'rpc.service': 'hipstershop.CartService',
      'rpc.method': 'GetCart',
      'rpc.grpc.status_code': status.OK,
    });
  });

  it('tracing off (no hooks) → the handler still answers, no span is made, and no declaration runs', async () => {
    installTelemetryHooks({});
    const declaredRunsBefore = declaredRunsOfTestCart;
    try {
      let declarationRuns = 0;
      const getCart = unary(({ userId }: { userId: string }) => ({ userId, items: [] }), {
        spanAttributes: ({ userId }) => {
          declarationRuns++;
          return { 'test.user': userId };
        },
      });
      const value = await call(getCart, '/hipstershop.CartService/GetCart', { userId: USER });
      assert.deepEqual(value, { userId: USER, items: [] });
      assert.deepEqual(await cart.GetCart({ userId: USER }, { deadlineMs: 2_000 }), { userId: USER, items: [] });
      assert.equal(endedSpans.length, 0);
      assert.equal(declarationRuns, 0);
      assert.equal(declaredRunsOfTestCart, declaredRunsBefore);
    } finally {
      const tracer = trace.getTracer('test');
      installTelemetryHooks({
        rpcServer: createRpcServerObserver(tracer, undefined),
        rpcClient: createRpcClientObserver(tracer),
      });
    }
  });
});

describe("HTTP request observation (the frontend's spans and route metrics)", () => {
  const ended = endedSpans;
  let reader: PullReader;
  let observe: ReturnType<typeof createHttpServerObserver>;

  before(() => {
    reader = new PullReader();
    observe = createHttpServerObserver(
      trace.getTracer('test'),
      new MeterProvider({ readers: [reader] }).getMeter('test'),
    );
  });
  beforeEach(() => {
    ended.length = 0;
  });

  it('a request → a SERVER span named after its route, with method, path, route and status', () => {
    const observation = observe('GET', '/product/OLJCESPC7Z', { 'user-agent': 'test-agent' });
    let active: string | undefined;
    observation.run(() => {
      active = trace.getActiveSpan()?.spanContext().spanId;
    });
    observation.end('/product/:id', 200);
    const [span] = ended;
    assert.equal(span!.name, 'GET /product/:id');
    assert.equal(span!.kind, SpanKind.SERVER);
    assert.equal(active, span!.spanContext().spanId, 'the work runs inside the span');
    assert.equal(span!.parentSpanContext, undefined, 'the root of a new trace');
    assert.deepEqual(span!.attributes, {
      'http.request.method': 'GET',
      'url.path': '/product/OLJCESPC7Z',
      'user_agent.original': 'test-agent',
      'http.route': '/product/:id',
      'http.response.status_code': 200,
    });
    assert.equal(span!.status.code, SpanStatusCode.UNSET);
  });

  it('a traceparent header (from a proxy) → the span continues that trace', () => {
    const observation = observe('POST', '/cart/checkout', {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    observation.end('/cart/checkout', 302);
    assert.equal(ended[0]!.spanContext().traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(ended[0]!.parentSpanContext?.spanId, 'b7ad6b7169203331');
  });

  it('no matched route → named by the method alone, no http.route; 5xx → an error span', () => {
    observe('GET', '/no/such/page', {}).end(undefined, 404);
    observe('GET', '/cart', {}).end('/cart', 503);
    assert.equal(ended[0]!.name, 'GET');
    assert.equal(ended[0]!.attributes['http.route'], undefined);
    assert.equal(ended[0]!.status.code, SpanStatusCode.UNSET);
    assert.equal(ended[1]!.status.code, SpanStatusCode.ERROR);
  });

  it('every request → one http.server.request.duration sample by method, route and status', async () => {
    const before = await points(reader, HTTP_SERVER_DURATION);
    const countOf = (list: Point[], route: string | undefined, httpStatus: number) =>
      list
        .filter((p) => p.attributes['http.route'] === route && p.attributes['http.response.status_code'] === httpStatus)
        .reduce((sum, p) => sum + (p.value as { count: number }).count, 0);
    observe('GET', '/', {}).end('/', 200);
    observe('GET', '/', {}).end('/', 200);
    observe('POST', '/cart', {}).end('/cart', 302);
    const after = await points(reader, HTTP_SERVER_DURATION);
    assert.equal(countOf(after, '/', 200) - countOf(before, '/', 200), 2);
    assert.equal(countOf(after, '/cart', 302) - countOf(before, '/cart', 302), 1);
    const post = after.find((p) => p.attributes['http.response.status_code'] === 302)!;
    assert.equal(post.attributes['http.request.method'], 'POST');
  });
});

describe('counters declared with createCounter(), on a meter', () => {
  let reader: PullReader;
  let counters: ReturnType<typeof createCounterMaker>;
  before(() => {
    reader = new PullReader();
    counters = createCounterMaker(new MeterProvider({ readers: [reader] }).getMeter('test'));
    installTelemetryHooks({ counters });
  });
  after(() => installTelemetryHooks({}));

  const sum = async (name: string) => (await points(reader, name)).reduce((total, p) => total + (p.value as number), 0);
  async function descriptor(name: string) {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name)
      ?.descriptor;
  }

  it('a service-declared counter → exported under its name, description and unit, summing what was added', async () => {
    const revenue = createCounter('test.revenue', { description: 'Revenue in US dollars', unit: 'USD' });
    revenue.add(28.98);
    revenue.add(10);
    assert.equal(Math.round((await sum('test.revenue')) * 100), 3898);
    const { name, description, unit } = (await descriptor('test.revenue'))!;
    assert.deepEqual(
      { name, description, unit },
      { name: 'test.revenue', description: 'Revenue in US dollars', unit: 'USD' },
    );
  });

  it('a counter without a unit → exported with none', async () => {
    const additions = createCounter('test.additions', { description: 'Additions' });
    additions.add(1);
    additions.add(1);
    assert.equal(await sum('test.additions'), 2);
    assert.equal((await descriptor('test.additions'))!.unit, '');
  });

  it('increments with attributes → one series per attribute set', async () => {
    const refused = createCounter('test.refused', { description: 'Refusals, by reason' });
    refused.add(1, { 'test.reason': 'expired' });
    refused.add(1, { 'test.reason': 'expired' });
    refused.add(1, { 'test.reason': 'invalid_number' });
    const byReason = Object.fromEntries(
      (await points(reader, 'test.refused')).map((p) => [p.attributes['test.reason'], p.value]),
    );
    assert.deepEqual(byReason, { expired: 2, invalid_number: 1 });
  });

  it('with metrics off (nothing installed) → adding records nothing: every series keeps its value', async () => {
    const orders = createCounter('test.orders', { description: 'Orders' });
    orders.add(1);
    const before = await sum('test.orders');
    installTelemetryHooks({});
    try {
      orders.add(1);
      orders.add(7, { 'test.kind': 'late' });
      assert.equal(orders.enabled, false);
    } finally {
      installTelemetryHooks({ counters });
    }
    assert.equal(before, 1);
    assert.deepEqual(
      (await points(reader, 'test.orders')).map((p) => ({ attributes: p.attributes, value: p.value })),
      [{ attributes: {}, value: 1 }],
    );
  });
});
