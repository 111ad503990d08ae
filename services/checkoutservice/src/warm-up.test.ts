import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failedPrecondition, money, unavailable } from '@boutique/kit';
import type { Deps } from './ports';
import { warmUp } from './warm-up';

type ReadDeps = Pick<Deps, 'cart' | 'catalog' | 'currency' | 'shipping'>;

function readDeps(calls: string[], failing?: string): ReadDeps {
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
  };
}

describe('warmUp', () => {
  it('every read dependency answering (the catalog with "no such product") → resolves; nothing is changed, charged or shipped', async () => {
    const calls: string[] = [];
    await warmUp(readDeps(calls));
    assert.deepEqual(calls.sort(), ['getCart checkout-warm-up', 'priceOf', 'quote', 'supportedCurrencies']);
  });

  for (const down of ['supportedCurrencies', 'getCart checkout-warm-up', 'quote', 'priceOf']) {
    it(`${down.split(' ')[0]} failing → rejects, so checkout stays NOT_SERVING`, async () => {
      await assert.rejects(warmUp(readDeps([], down)), { message: `${down} is down` });
    });
  }
});
