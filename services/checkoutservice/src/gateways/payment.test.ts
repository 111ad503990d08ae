import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import {
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  invalidArgument,
  type Money,
  type Running,
  serve,
  status,
  unavailable,
} from '@boutique/kit';
import type { PaymentServiceHandlers } from '@boutique/kit/generated/hipstershop/PaymentService';
import type { CreditCard } from '../ports';
import { paymentGateway } from './payment';
import { FakeBehaviour, rejectsAsInternal, rejectsWithKind } from './testing';

initLogger('checkoutservice-test', { level: 'silent' });

const AMOUNT: Money = { currencyCode: 'EUR', units: '60', nanos: 999_557_719 };
const CARD: CreditCard = {
  creditCardNumber: '4111111111111111',
  creditCardCvv: 123,
  creditCardExpirationYear: 2031,
  creditCardExpirationMonth: 6,
};
const TRANSACTION_ID = '0d6f3c1e-7b2a-4c59-9e84-3a1f5b2c7d90';

describe('paymentGateway, against a payment service on a loopback port', () => {
  const fake = new FakeBehaviour();
  const handlers: PaymentServiceHandlers = {
    Charge: fake.answer('Charge', () => ({ transactionId: TRANSACTION_ID })),
  };
  let server: Running;
  const gateway = (deadlineMs = 1_000) =>
    paymentGateway(createClient(hipstershop.PaymentService, `127.0.0.1:${server.port}`), { deadlineMs });

  before(async () => {
    server = await serve({
      port: 0,
      handleSignals: false,
      services: [{ service: hipstershop.PaymentService.service, handlers }],
    });
  });
  beforeEach(() => fake.reset());
  after(async () => {
    closeAllChannels();
    await server.shutdown();
  });

  it('charge → the transaction id, after one Charge of that amount to that card', async () => {
    assert.equal(await gateway().charge(AMOUNT, CARD), TRANSACTION_ID);
    assert.deepEqual(fake.calls, [{ rpc: 'Charge', request: { amount: AMOUNT, creditCard: CARD } }]);
  });

  it('the card refused (INVALID_ARGUMENT) → INVALID_ARGUMENT with the reason, for the shopper', async () => {
    fake.failure = () => invalidArgument('the card ending 1111 expired in 06/2021');
    await rejectsWithKind(
      gateway().charge(AMOUNT, CARD),
      'INVALID_ARGUMENT',
      'payment refused: the card ending 1111 expired in 06/2021',
    );
  });

  it('slower than the deadline → DEADLINE_EXCEEDED, and the charge is attempted exactly once', async () => {
    fake.delayMs = 400;
    const started = performance.now();
    await rejectsWithKind(
      gateway(100).charge(AMOUNT, CARD),
      'DEADLINE_EXCEEDED',
      'payment service did not answer within 100 ms',
      status.DEADLINE_EXCEEDED,
    );
    assert.ok(performance.now() - started < 350, 'the deadline cut the call short');
    await delay(500); // the slow charge has finished: a retry would have arrived by now
    assert.equal(fake.requestsTo('Charge').length, 1);
  });

  it('the payment service answering UNAVAILABLE → UNAVAILABLE naming it, and no second attempt', async () => {
    fake.failure = () => unavailable('provider down');
    await rejectsWithKind(
      gateway().charge(AMOUNT, CARD),
      'UNAVAILABLE',
      'payment service is unavailable',
      status.UNAVAILABLE,
    );
    assert.equal(fake.requestsTo('Charge').length, 1);
  });

  it('nothing listening → UNAVAILABLE naming the payment service', async () => {
    const nowhere = paymentGateway(createClient(hipstershop.PaymentService, '127.0.0.1:1'), { deadlineMs: 1_000 });
    await rejectsWithKind(
      nowhere.charge(AMOUNT, CARD),
      'UNAVAILABLE',
      'payment service is unavailable',
      status.UNAVAILABLE,
    );
  });

  it('the payment service failing with INTERNAL → a plain Error with the code', async () => {
    fake.failure = () => new Error('a bug in payment');
    await rejectsAsInternal(gateway().charge(AMOUNT, CARD), 'payment service failed with INTERNAL: internal error');
  });
});
