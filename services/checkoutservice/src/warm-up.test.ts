import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failedPrecondition, money, unavailable } from '@boutique/kit';
import type { Deps } from './ports';
import { warmUp } from './warm-up';

type WarmUpDeps = Pick<Deps, 'cart' | 'catalog' | 'currency' | 'shipping' | 'payment' | 'email'>;

function warmUpDeps(calls: string[], failing?: string): WarmUpDeps {
  const answer = async <T>(name: string, value: T): Promise<T> => {
    calls.push(name);
    if (name === failing) throw unavailable(`${name} is down`);
    return value;
  };
  return {
    cart: { getCart: (userId) => answer(`getCart ${userId}`, []), emptyCart: () => answer('emptyCart', undefined) },
    catalog: {
      priceOf: async (id) => {
        await answer('priceOf', undefined);
        throw failedPrecondition(`the cart holds product "${id}", which is no longer in the catalog`);
      },
    },
    currency: {
      supportedCurrencies: () => answer('supportedCurrencies', new Set(['USD'])),
      convert: (from) => answer('convert', from),
    },
    shipping: { quote: () => answer('quote', money.zero('USD')), ship: () => answer('ship', 'XX-1-1') },
    payment: { charge: () => answer('charge', 'txn'), reachable: () => answer('payment reachable', undefined) },
    email: {
      sendOrderConfirmation: () => answer('sendOrderConfirmation', undefined),
      reachable: () => answer('email reachable', undefined),
    },
  };
}

describe('warmUp', () => {
  it('every read dependency answering (the catalog with "no such product"), payment and email reachable → resolves; nothing is changed, charged, shipped or mailed', async () => {
    const calls: string[] = [];
    await warmUp(warmUpDeps(calls));
    assert.deepEqual(calls.sort(), [
      'email reachable',
      'getCart checkout-warm-up',
      'payment reachable',
      'priceOf',
      'quote',
      'supportedCurrencies',
    ]);
  });

  for (const down of [
    'supportedCurrencies',
    'getCart checkout-warm-up',
    'quote',
    'priceOf',
    'payment reachable',
    'email reachable',
  ]) {
    it(`${down} failing → rejects, so checkout stays NOT_SERVING`, async () => {
      await assert.rejects(warmUp(warmUpDeps([], down)), { message: `${down} is down` });
    });
  }
});
