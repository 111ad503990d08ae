import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDomainError } from '@boutique/kit';
import { quoteFor } from './quote';

const item = (quantity: number) => ({ productId: 'OLJCESPC7Z', quantity });
const USD = (units: string, nanos: number) => ({ currencyCode: 'USD', units, nanos });

describe('quoteFor', () => {
  it('no items → 0 USD', () => {
    assert.deepEqual(quoteFor([]), USD('0', 0));
  });
  it('items whose quantities add up to 0 → 0 USD', () => {
    assert.deepEqual(quoteFor([item(0), item(0)]), USD('0', 0));
  });
  it('one item → 8.99 USD', () => {
    assert.deepEqual(quoteFor([item(1)]), USD('8', 990_000_000));
  });
  it('many items of large quantities → still the flat 8.99 USD', () => {
    assert.deepEqual(quoteFor([item(3), item(2_147_483_647), item(2_147_483_647)]), USD('8', 990_000_000));
  });
  it('a negative quantity → INVALID_ARGUMENT naming the item', () => {
    assert.throws(
      () => quoteFor([item(2), item(-1)]),
      (err: unknown) => isDomainError(err, 'INVALID_ARGUMENT') && err.message.includes('items[1].quantity'),
    );
  });
  it('a negative quantity that would cancel a positive one → INVALID_ARGUMENT, not 0 USD', () => {
    assert.throws(
      () => quoteFor([item(1), item(-1)]),
      (err: unknown) => isDomainError(err, 'INVALID_ARGUMENT'),
    );
  });
  it('the returned amount is a fresh object each time', () => {
    const first = quoteFor([item(1)]);
    first.units = '100';
    assert.deepEqual(quoteFor([item(1)]), USD('8', 990_000_000));
  });
});
