import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RedisProcess, startRedis } from '@boutique/cartservice/test-redis';
import { CookieJar } from '@boutique/frontend/test-support/cookie-jar';
import { type ReceivedSpan, type Receiver, SPAN_KIND, startReceiver } from '@boutique/tools/observability/receiver';
import { type Stack, startStack } from '@boutique/tools/stack';
import { PRODUCT } from './fixtures/catalog';
import { CARD_NUMBER, checkoutForm, EMAIL } from './fixtures/checkout';
import { logRecords } from './fixtures/logs';

// The whole shop as real processes with tracing on, exporting OTLP/HTTP JSON to the test's own
// receiver; the cart on a real redis-server. One order is placed through the frontend over HTTP.

const BACKENDS_OF_A_CHECKOUT = [
  'checkoutservice',
  'cartservice',
  'productcatalogservice',
  'currencyservice',
  'shippingservice',
  'paymentservice',
  'emailservice',
];

// Who may call whom (server span's gRPC service → services allowed to hold the client span).
const CALLERS: Record<string, readonly string[]> = {
  'hipstershop.CheckoutService': ['frontend'],
  'hipstershop.CartService': ['frontend', 'checkoutservice'],
  'hipstershop.ProductCatalogService': ['frontend', 'checkoutservice', 'recommendationservice'],
  'hipstershop.CurrencyService': ['frontend', 'checkoutservice'],
  'hipstershop.ShippingService': ['frontend', 'checkoutservice'],
  'hipstershop.PaymentService': ['checkoutservice'],
  'hipstershop.EmailService': ['checkoutservice'],
  'hipstershop.RecommendationService': ['frontend'],
  'hipstershop.AdService': ['frontend'],
};

// The calls placing an order makes from checkout, each of which must show as client → server.
const CHECKOUT_CALLS = [
  'cartservice hipstershop.CartService/GetCart',
  'productcatalogservice hipstershop.ProductCatalogService/GetProduct',
  'currencyservice hipstershop.CurrencyService/Convert',
  'shippingservice hipstershop.ShippingService/GetQuote',
  'paymentservice hipstershop.PaymentService/Charge',
  'shippingservice hipstershop.ShippingService/ShipOrder',
  'cartservice hipstershop.CartService/EmptyCart',
  'emailservice hipstershop.EmailService/SendOrderConfirmation',
];

const rpcOf = (span: ReceivedSpan) => `${span.attributes['rpc.service']}/${span.attributes['rpc.method']}`;

/** A cookie-keeping shopper: each visit answers its status and body. */
function shopper(baseUrl: string) {
  const jar = new CookieJar({ timeoutMs: 15_000 });
  const visit = async (path: string, form?: Record<string, string>) => {
    const response = await (form ? jar.post(`${baseUrl}${path}`, form) : jar.fetch(`${baseUrl}${path}`));
    return { status: response.status, body: await response.text() };
  };
  return Object.assign(visit, { cookies: jar.cookies });
}

describe('telemetry across the shop (all processes, tracing on)', { timeout: 180_000 }, () => {
  let receiver: Receiver;
  let redis: RedisProcess;
  let stack: Stack;
  let trace: ReceivedSpan[];
  let root: ReceivedSpan;
  let orderId: string;
  let sessionId: string;

  before(async () => {
    receiver = await startReceiver();
    redis = await startRedis();
    stack = await startStack({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
        OTEL_TRACES_SAMPLER: 'parentbased_always_on',
        LOG_LEVEL: 'debug',
        REDIS_ADDR: `127.0.0.1:${redis.port}`,
      },
    });
    const shop = shopper(stack.frontendUrl);
    assert.equal((await shop('/')).status, 200);
    sessionId = shop.cookies.get('shop_session-id') ?? '';
    assert.match(sessionId, /.{8,}/);
    assert.equal((await shop('/cart', { product_id: PRODUCT.sunglasses, quantity: '1' })).status, 302);
    // A product that does not exist: the catalog answers NOT_FOUND, which the metrics must show.
    assert.notEqual((await shop('/cart', { product_id: 'NO-SUCH-ID', quantity: '1' })).status, 302);
    // Shopping in euros makes checkout convert prices (in dollars it has nothing to convert).
    assert.equal((await shop('/setCurrency', { currency_code: 'EUR' })).status, 302);
    const order = await shop('/cart/checkout', checkoutForm());
    assert.equal(order.status, 200, order.body.slice(0, 500));

    // The shopper's checkout: the frontend's warm-up also posts a checkout form, one validation refuses.
    root = await receiver.waitFor('the checkout request span', () =>
      receiver.spans.find(
        (span) =>
          span.service === 'frontend' &&
          span.kind === SPAN_KIND.server &&
          span.attributes['http.route'] === '/cart/checkout' &&
          span.attributes['http.response.status_code'] === 200,
      ),
    );
    const inTrace = () => receiver.spans.filter((span) => span.traceId === root.traceId);
    await receiver
      .waitFor('every span of the checkout', () => {
        const spans = inTrace();
        const done = CHECKOUT_CALLS.every((call) =>
          spans.some((s) => s.kind === SPAN_KIND.server && `${s.service} ${rpcOf(s)}` === call),
        );
        return done && spans.some((s) => s.service === 'checkoutservice' && s.kind === SPAN_KIND.server);
      })
      .catch((err: Error) => {
        const have = inTrace().map((s) => `${s.service} kind=${s.kind} ${s.name}`);
        throw new Error(`${err.message}; the trace has:\n  ${have.join('\n  ')}`);
      });
    await sleep(500); // stragglers of the same trace (batches are flushed every 200 ms)
    trace = receiver.spans.filter((span) => span.traceId === root.traceId);
    const placeOrder = trace.find((s) => s.service === 'checkoutservice' && s.kind === SPAN_KIND.server);
    orderId = String(placeOrder?.attributes['app.order.id'] ?? '');
  });

  after(async () => {
    await stack?.stop();
    await redis?.dispose();
    await receiver?.close();
  });

  it('one trace id spans the frontend and every backend a checkout touches', () => {
    const services = new Set(trace.map((span) => span.service));
    for (const service of ['frontend', ...BACKENDS_OF_A_CHECKOUT])
      assert.ok(services.has(service), `${service} missing from ${[...services]}`);
  });

  it("the frontend's HTTP server span is the trace's only root", () => {
    assert.equal(root.parentSpanId, '');
    assert.deepEqual(
      trace.filter((span) => span.parentSpanId === '').map((span) => span.spanId),
      [root.spanId],
    );
    assert.match(root.name, /POST \/cart\/checkout/);
  });

  it('every span has its parent in the trace, and every gRPC server span is the child of a client span in an allowed caller', () => {
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    for (const span of trace) {
      if (span === root) continue;
      const parent = byId.get(span.parentSpanId);
      assert.ok(parent, `${span.service} ${span.name} has no parent in the trace`);
      if (span.kind === SPAN_KIND.server) {
        assert.equal(
          parent.kind,
          SPAN_KIND.client,
          `${span.service} ${span.name}: parent ${parent.service} ${parent.name} is not a client span`,
        );
        assert.equal(rpcOf(parent), rpcOf(span));
        assert.notEqual(parent.service, span.service);
        const allowed = CALLERS[String(span.attributes['rpc.service'])] ?? [];
        assert.ok(allowed.includes(parent.service), `${parent.service} may not call ${rpcOf(span)}`);
      }
    }
  });

  it('checkout calls cart, catalog, currency, shipping, payment and email: each a client span in checkout → a server span in the callee', () => {
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const edges = new Set(
      trace
        .filter((span) => span.kind === SPAN_KIND.server && byId.get(span.parentSpanId)?.service === 'checkoutservice')
        .map((span) => `${span.service} ${rpcOf(span)}`),
    );
    for (const call of CHECKOUT_CALLS) assert.ok(edges.has(call), `missing ${call}; have ${[...edges].join(', ')}`);
    const placeOrder = trace.find((span) => span.service === 'checkoutservice' && span.kind === SPAN_KIND.server);
    assert.equal(placeOrder && byId.get(placeOrder.parentSpanId)?.service, 'frontend');
  });

  it("Redis commands show under the cart's server spans", () => {
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const redisSpans = trace.filter(
      (span) => span.service === 'cartservice' && span.attributes['db.system.name'] === 'redis',
    );
    assert.ok(redisSpans.length > 0, 'no redis span in the trace');
    for (const span of redisSpans) {
      let ancestor = byId.get(span.parentSpanId);
      while (ancestor && ancestor.kind !== SPAN_KIND.server) ancestor = byId.get(ancestor.parentSpanId);
      assert.equal(ancestor?.service, 'cartservice', `redis span ${span.name} is not under a cart server span`);
    }
  });

  it('server spans carry the useful attributes: order id, user hash, currency, product id, item counts', () => {
    const server = (service: string, method: string) =>
      trace.find(
        (span) =>
          span.service === service && span.kind === SPAN_KIND.server && span.attributes['rpc.method'] === method,
      );
    const placeOrder = server('checkoutservice', 'PlaceOrder');
    assert.match(orderId, /.+/);
    assert.match(String(placeOrder?.attributes['user.hash']), /^[0-9a-f]{16}$/);
    assert.equal(placeOrder?.attributes['app.currency.code'], 'EUR');
    assert.equal(placeOrder?.attributes['app.order.items.count'], 1);
    assert.equal(server('productcatalogservice', 'GetProduct')?.attributes['app.product.id'], PRODUCT.sunglasses);
    assert.equal(server('emailservice', 'SendOrderConfirmation')?.attributes['app.order.id'], orderId);
    assert.equal(server('shippingservice', 'GetQuote')?.attributes['app.items.count'], 1);
  });

  it('no span attribute anywhere holds the card number, the email address or the raw user id', () => {
    for (const span of receiver.spans) {
      for (const [key, value] of Object.entries(span.attributes)) {
        const text = String(value);
        assert.ok(!text.includes(CARD_NUMBER), `${span.service} ${span.name} ${key} holds the card number`);
        assert.ok(!text.includes(EMAIL), `${span.service} ${span.name} ${key} holds the email address`);
        assert.ok(!text.includes(sessionId), `${span.service} ${span.name} ${key} holds the user id`);
      }
    }
  });

  it('health checks are not traced', () => {
    assert.deepEqual(
      receiver.spans
        .filter((span) => /health|_healthz/i.test(`${span.name} ${span.attributes['url.path'] ?? ''}`))
        .map((s) => s.name),
      [],
    );
  });

  it("log lines of the checkout carry its trace id: the frontend's request line and every line naming the order", () => {
    const lines = logRecords(stack.logs);
    const requestLine = lines.find(
      ({ service, record }) =>
        service === 'frontend' &&
        record.route === '/cart/checkout' &&
        record.method === 'POST' &&
        record.status === 200,
    );
    assert.ok(requestLine, 'the frontend wrote no request line for the checkout (LOG_LEVEL=debug)');
    for (const field of ['status', 'duration_ms', 'request_id', 'session'])
      assert.ok(field in requestLine.record, field);
    assert.equal(requestLine.record.trace_id, root.traceId);

    const naming = lines.filter(({ record }) => JSON.stringify(record).includes(orderId));
    assert.ok(naming.length > 0, `no log line names order ${orderId}`);
    for (const { service, record } of naming)
      assert.equal(record.trace_id, root.traceId, `${service}: ${record.message}`);
    const traced = new Set(
      lines.filter(({ record }) => record.trace_id === root.traceId).map(({ service }) => service),
    );
    assert.ok(traced.size >= 2, `only ${[...traced]} logged with the trace id`);
  });

  it('RED metrics: rpc.server.duration for every RPC of the checkout with status OK, and NOT_FOUND for the unknown product', async () => {
    const expected = [
      ...CHECKOUT_CALLS.map((call) => `${call} 0`),
      'checkoutservice hipstershop.CheckoutService/PlaceOrder 0',
      'cartservice hipstershop.CartService/AddItem 0',
      'productcatalogservice hipstershop.ProductCatalogService/GetProduct 5',
    ];
    const seen = () =>
      new Set(
        receiver.points
          .filter((point) => point.metric === 'rpc.server.duration' && point.value > 0)
          .map(
            (p) =>
              `${p.service} ${p.attributes['rpc.service']}/${p.attributes['rpc.method']} ${p.attributes['rpc.grpc.status_code']}`,
          ),
      );
    await receiver.waitFor('the RPC metrics', () => expected.every((key) => seen().has(key)), 10_000).catch(() => {});
    const have = seen();
    for (const key of expected) assert.ok(have.has(key), `no rpc.server.duration for ${key}`);
  });

  it("RED metrics: the frontend's http.server.request.duration is per route and status", async () => {
    const found = () =>
      receiver.points.find(
        (point) =>
          point.service === 'frontend' &&
          point.metric === 'http.server.request.duration' &&
          point.attributes['http.route'] === '/cart/checkout' &&
          point.attributes['http.response.status_code'] === 200,
      );
    await receiver.waitFor('the checkout route in the HTTP metrics', found, 10_000).catch(() => {});
    assert.ok(found(), 'no http.server.request.duration point for POST /cart/checkout 200');
  });

  it('business counters: the order and its USD revenue from checkout, the cart addition from cart', async () => {
    const latest = (service: string, metric: string) =>
      receiver.points.filter((point) => point.service === service && point.metric === metric).at(-1)?.value;
    const done = () =>
      latest('checkoutservice', 'app.orders.placed') === 1 && latest('cartservice', 'app.cart.additions') === 1;
    await receiver.waitFor('the business counters', done, 10_000).catch(() => {});
    assert.equal(latest('checkoutservice', 'app.orders.placed'), 1);
    // One pair of sunglasses (19.99) plus shipping (8.99), in USD although the order was in EUR.
    assert.equal(latest('checkoutservice', 'app.orders.revenue'), 28.98);
    assert.equal(latest('cartservice', 'app.cart.additions'), 1);
    assert.equal(latest('cartservice', 'app.cart.added_quantity'), 1);
  });

  it('runtime metrics: every service exports event-loop delay and heap', async () => {
    const services = Object.keys(stack.pids);
    const has = (service: string, prefix: string) =>
      receiver.points.some((point) => point.service === service && point.metric.startsWith(prefix));
    for (const service of services) {
      assert.ok(has(service, 'nodejs.eventloop.delay'), `${service}: no event-loop delay`);
      assert.ok(has(service, 'v8js.memory.heap'), `${service}: no heap metrics`);
    }
  });
});
