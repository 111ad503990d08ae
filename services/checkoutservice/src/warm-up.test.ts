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
    cart: {
      getCart: (userId) => answer(`getCart ${userId}`, []),
      emptyCart: () => answer('emptyCart', undefined),
      reachable: () => answer('cart reachable', undefined),
    },
    catalog: {
      priceOf: async (id) => {
        await answer('priceOf', undefined);
        throw failedPrecondition(`the cart holds product "${id}", which is no longer in the catalog`);
      },
      reachable: () => answer('catalog reachable', undefined),
    },
    currency: {
      supportedCurrencies: () => answer('supportedCurrencies', new Set(['USD'])),
      convert: (from) => answer('convert', from),
      reachable: () => answer('currency reachable', undefined),
    },
    shipping: {
      quote: () => answer('quote', money.zero('USD')),
      ship: () => answer('ship', 'XX-1-1'),
      reachable: () => answer('shipping reachable', undefined),
    },
    payment: { charge: () => answer('charge', 'txn'), reachable: () => answer('payment reachable', undefined) },
    email: {
      sendOrderConfirmation: () => answer('sendOrderConfirmation', undefined),
      reachable: () => answer('email reachable', undefined),
    },
  };
}

describe('warmUp', () => {
  const REACHABLE = [
    'cart reachable',
    'catalog reachable',
    'currency reachable',
    'shipping reachable',
    'payment reachable',
    'email reachable',
  ];
  const READS = ['supportedCurrencies', 'getCart checkout-warm-up', 'quote', 'priceOf'];

  it('every dependency reachable, then every read answering (the catalog with "no such product") → resolves; nothing is changed, charged, shipped or mailed', async () => {
    const calls: string[] = [];
    await warmUp(warmUpDeps(calls));
    assert.deepEqual(calls.slice(0, REACHABLE.length).sort(), [...REACHABLE].sort(), 'connections first');
    assert.deepEqual(calls.slice(REACHABLE.length).sort(), [...READS].sort());
  });

  it('a dependency not reachable → no read is sent (a failed read would spend the retry budget)', async () => {
    const calls: string[] = [];
    await assert.rejects(warmUp(warmUpDeps(calls, 'cart reachable')));
    assert.deepEqual(
      calls.filter((call) => READS.includes(call)),
      [],
    );
  });

  for (const down of [...READS, ...REACHABLE]) {
    it(`${down} failing → rejects, so checkout stays NOT_SERVING`, async () => {
      await assert.rejects(warmUp(warmUpDeps([], down)), { message: `${down} is down` });
    });
  }
});
