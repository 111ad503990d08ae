import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  closeAllChannels,
  createClient,
  DomainError,
  failedPrecondition,
  hipstershop,
  initLogger,
  type Running,
  serve,
  status,
  unavailable,
} from '@boutique/kit';
import type { CartServiceHandlers } from '@boutique/kit/generated/hipstershop/CartService';
import { cartGateway } from './cart';
import { FakeBehaviour, rejectsAsInternal, rejectsWithKind } from './testing';

initLogger('checkoutservice-test', { level: 'silent' });

describe('cartGateway, against a cart service on a loopback port', () => {
  const fake = new FakeBehaviour();
  let items: { productId: string; quantity: number }[] = [];
  const handlers: CartServiceHandlers = {
    AddItem: fake.answer('AddItem', () => ({})),
    GetCart: fake.answer('GetCart', ({ userId }) => ({ userId, items })),
    EmptyCart: fake.answer('EmptyCart', () => ({})),
  };
  let server: Running;
  const gateway = (deadlineMs = 1_000) =>
    cartGateway(createClient(hipstershop.CartService, `127.0.0.1:${server.port}`), { deadlineMs });

  before(async () => {
    server = await serve({
      port: 0,
      handleSignals: false,
      services: [{ service: hipstershop.CartService.service, handlers }],
    });
  });
  beforeEach(() => {
    fake.reset();
    items = [
      { productId: 'OLJCESPC7Z', quantity: 2 },
      { productId: '9SIQT8TOJO', quantity: 1 },
    ];
  });
  after(async () => {
    closeAllChannels();
    await server.shutdown();
  });

  it("getCart → the lines of that user's cart", async () => {
    assert.deepEqual(await gateway().getCart('user-1'), items);
    assert.deepEqual(fake.calls, [{ rpc: 'GetCart', request: { userId: 'user-1' } }]);
  });

  it('getCart of a user without a cart → no lines', async () => {
    items = [];
    assert.deepEqual(await gateway().getCart('nobody'), []);
  });

  it('emptyCart → one EmptyCart for that user', async () => {
    assert.equal(await gateway().emptyCart('user-1'), undefined);
    assert.deepEqual(fake.calls, [{ rpc: 'EmptyCart', request: { userId: 'user-1' } }]);
  });

  it('slower than the deadline → DEADLINE_EXCEEDED naming the cart service, without waiting for it', async () => {
    fake.delayMs = 600;
    const started = performance.now();
    await rejectsWithKind(
      gateway(100).getCart('user-1'),
      'DEADLINE_EXCEEDED',
      'cart service did not answer within 100 ms',
      status.DEADLINE_EXCEEDED,
    );
    assert.ok(performance.now() - started < 500, 'the deadline cut the call short');
  });

  for (const [what, failure] of [
    ['UNAVAILABLE', () => unavailable('redis is down')],
    ['RESOURCE_EXHAUSTED', () => new DomainError('RESOURCE_EXHAUSTED', 'too many requests')],
  ] as const) {
    it(`the cart service answering ${what} → UNAVAILABLE naming it`, async () => {
      fake.failure = failure;
      await rejectsWithKind(gateway().emptyCart('user-1'), 'UNAVAILABLE', 'cart service is unavailable', status[what]);
    });
  }

  it('nothing listening → UNAVAILABLE naming the cart service', async () => {
    const nowhere = cartGateway(createClient(hipstershop.CartService, '127.0.0.1:1'), { deadlineMs: 1_000 });
    await rejectsWithKind(nowhere.getCart('user-1'), 'UNAVAILABLE', 'cart service is unavailable', status.UNAVAILABLE);
  });

  it('any other code (cart storage FAILED_PRECONDITION, INTERNAL) → a plain Error with the code and details', async () => {
    fake.failure = () => failedPrecondition("can't access cart storage");
    await rejectsAsInternal(
      gateway().getCart('user-1'),
      "cart service failed with FAILED_PRECONDITION: can't access cart storage",
    );
    fake.failure = () => new Error('a bug in the cart');
    await rejectsAsInternal(gateway().getCart('user-1'), 'cart service failed with INTERNAL: internal error');
  });
});
