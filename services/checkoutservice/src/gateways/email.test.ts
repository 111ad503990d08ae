import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  invalidArgument,
  type Running,
  serve,
  status,
  unavailable,
} from '@boutique/kit';
import type { EmailServiceHandlers } from '@boutique/kit/generated/hipstershop/EmailService';
import type { Order } from '../ports';
import { emailGateway } from './email';
import { FakeBehaviour, rejectsAsInternal, rejectsWithKind } from './testing';

initLogger('checkoutservice-test', { level: 'silent' });

const ORDER: Order = {
  orderId: '3f1c2b7a-9d84-4e65-b0a1-c2d3e4f5a6b7',
  shippingTrackingId: 'KD-21402-108765432',
  shippingCost: { currencyCode: 'EUR', units: '7', nanos: 952_233_525 },
  shippingAddress: {
    streetAddress: '12 Harbour Lane',
    city: 'Springfield',
    state: 'OR',
    country: 'United States',
    zipCode: 97403,
  },
  items: [
    { item: { productId: 'OLJCESPC7Z', quantity: 2 }, cost: { currencyCode: 'EUR', units: '17', nanos: 682_441_398 } },
  ],
};

describe('emailGateway, against an email service on a loopback port', () => {
  const fake = new FakeBehaviour();
  const handlers: EmailServiceHandlers = {
    SendOrderConfirmation: fake.answer('SendOrderConfirmation', () => ({})),
  };
  let server: Running;
  const gateway = (deadlineMs = 1_000) =>
    emailGateway(createClient(hipstershop.EmailService, `127.0.0.1:${server.port}`), { deadlineMs });

  before(async () => {
    server = await serve({
      port: 0,
      handleSignals: false,
      services: [{ service: hipstershop.EmailService.service, handlers }],
    });
  });
  beforeEach(() => fake.reset());
  after(async () => {
    closeAllChannels();
    await server.shutdown();
  });

  it('sendOrderConfirmation → one SendOrderConfirmation with the email and the whole order', async () => {
    assert.equal(await gateway().sendOrderConfirmation('shopper@example.com', ORDER), undefined);
    assert.deepEqual(fake.calls, [
      { rpc: 'SendOrderConfirmation', request: { email: 'shopper@example.com', order: ORDER } },
    ]);
  });

  it('slower than the deadline → DEADLINE_EXCEEDED naming the email service, without waiting for it', async () => {
    fake.delayMs = 600;
    const started = performance.now();
    await rejectsWithKind(
      gateway(100).sendOrderConfirmation('shopper@example.com', ORDER),
      'DEADLINE_EXCEEDED',
      'email service did not answer within 100 ms',
      status.DEADLINE_EXCEEDED,
    );
    assert.ok(performance.now() - started < 500, 'the deadline cut the call short');
  });

  it('the email service answering UNAVAILABLE → UNAVAILABLE naming it', async () => {
    fake.failure = () => unavailable('SMTP server unreachable');
    await rejectsWithKind(
      gateway().sendOrderConfirmation('shopper@example.com', ORDER),
      'UNAVAILABLE',
      'email service is unavailable',
      status.UNAVAILABLE,
    );
  });

  it('the email service refusing the request (INVALID_ARGUMENT) → a plain Error: the address was checked before the order', async () => {
    fake.failure = () => invalidArgument('email is not a valid email address');
    await rejectsAsInternal(
      gateway().sendOrderConfirmation('shopper@example.com', ORDER),
      'email service failed with INVALID_ARGUMENT: email is not a valid email address',
    );
  });
});
