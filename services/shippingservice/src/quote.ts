import { invalidArgument, type Money, money } from '@boutique/kit';

const FLAT_RATE: Money = Object.freeze({ currencyCode: 'USD', units: '8', nanos: 990_000_000 });

/**
 * A flat 8.99 USD for any order whose quantities add up to more than zero; nothing to ship costs
 * nothing. A negative quantity is INVALID_ARGUMENT (the original sums it in and may quote 8.99 or 0).
 */
export function quoteFor(items: readonly { quantity: number }[]): Money {
  let count = 0;
  for (const [index, item] of items.entries()) {
    if (item.quantity < 0) throw invalidArgument(`items[${index}].quantity is ${item.quantity}, must not be negative`);
    count += item.quantity;
  }
  return count > 0 ? { ...FLAT_RATE } : money.zero('USD');
}
