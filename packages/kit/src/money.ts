import { invalidArgument } from './errors';
import type { Money__Output } from './generated/hipstershop/Money';
import { quoteInput } from './quote';

/** An amount as handlers receive it from the loader: units is an int64 as a decimal string. */
export type Money = Money__Output;

const NANOS_PER_UNIT = 1_000_000_000n;
const MAX_NANOS = 999_999_999;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
// An ISO 4217 code: three upper-case letters.
const CURRENCY_CODE = /^[A-Z]{3}$/;
// An int64 as the loader delivers it (longs: String).
const INTEGER = /^-?\d+$/;
// A plain decimal amount with at most nine fractional digits: "19.99", "-0.25", "5".
const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,9}))?$/;

/** Whether a string is an ISO 4217-shaped currency code (three upper-case letters). */
export function isCurrencyCode(code: string): boolean {
  return CURRENCY_CODE.test(code);
}

/** Why an amount is not valid Money (see the Money message in demo.proto), or undefined when it is. */
export function problemWith(money: Money | null | undefined): string | undefined {
  if (!money) return 'is missing';
  if (!isCurrencyCode(money.currencyCode))
    return `has currency code ${quoteInput(money.currencyCode)}, not three upper-case letters`;
  if (!INTEGER.test(money.units)) return `has units "${money.units}", not an integer`;
  const units = BigInt(money.units);
  if (units < INT64_MIN || units > INT64_MAX) return 'has units outside the int64 range';
  const { nanos } = money;
  if (!Number.isInteger(nanos) || nanos < -MAX_NANOS || nanos > MAX_NANOS) {
    return `has nanos ${nanos}, outside [-999999999, 999999999]`;
  }
  if ((units > 0n && nanos < 0) || (units < 0n && nanos > 0)) return 'has units and nanos of opposite signs';
  return undefined;
}

/** Whether an amount satisfies the Money rules. */
export function isValid(money: Money | null | undefined): money is Money {
  return problemWith(money) === undefined;
}

/** Throws INVALID_ARGUMENT naming the field and the problem unless the amount is valid Money. */
export function assertValid(money: Money | null | undefined, field = 'amount'): asserts money is Money {
  const problem = problemWith(money);
  if (problem !== undefined) throw invalidArgument(`${field} ${problem}`);
}

/** The amount in nanos (units × 10^9 + nanos). The amount must be valid. */
export function toNanos(money: Money): bigint {
  return BigInt(money.units) * NANOS_PER_UNIT + BigInt(money.nanos);
}

/** The Money for a total in nanos; INVALID_ARGUMENT when the units would not fit an int64. */
export function fromNanos(currencyCode: string, totalNanos: bigint): Money {
  // BigInt division truncates toward zero and the remainder takes the dividend's sign, so units and
  // nanos always agree in sign.
  const units = totalNanos / NANOS_PER_UNIT;
  if (units < INT64_MIN || units > INT64_MAX) throw invalidArgument(`amount in ${currencyCode} overflows int64 units`);
  return { currencyCode, units: units.toString(), nanos: Number(totalNanos % NANOS_PER_UNIT) };
}

/** Zero in a currency. */
export function zero(currencyCode: string): Money {
  return { currencyCode, units: '0', nanos: 0 };
}

/** Whether the amount is exactly zero. */
export function isZero(money: Money): boolean {
  return toNanos(money) === 0n;
}

/** Whether the amount is below zero. */
export function isNegative(money: Money): boolean {
  return toNanos(money) < 0n;
}

function sameCurrency(left: Money, right: Money): void {
  assertValid(left, 'left amount');
  assertValid(right, 'right amount');
  if (left.currencyCode !== right.currencyCode) {
    throw invalidArgument(`cannot combine ${left.currencyCode} and ${right.currencyCode} amounts`);
  }
}

/** The sum of two amounts of the same currency. */
export function sum(left: Money, right: Money): Money {
  sameCurrency(left, right);
  return fromNanos(left.currencyCode, toNanos(left) + toNanos(right));
}

/** The sum of any number of amounts, all in `currencyCode` (zero for none). */
export function total(currencyCode: string, amounts: readonly Money[]): Money {
  return amounts.reduce(sum, zero(currencyCode));
}

/** The amount times a whole quantity (the original's MultiplySlow, done directly). */
export function multiply(money: Money, quantity: number | bigint): Money {
  assertValid(money);
  if (typeof quantity === 'number' && !Number.isSafeInteger(quantity)) {
    throw invalidArgument(`quantity ${quantity} is not a whole number`);
  }
  return fromNanos(money.currencyCode, toNanos(money) * BigInt(quantity));
}

/** The amount with its sign flipped. */
export function negate(money: Money): Money {
  assertValid(money);
  return fromNanos(money.currencyCode, -toNanos(money));
}

/** -1, 0 or 1 as `left` is less than, equal to or greater than `right` (same currency). */
export function compare(left: Money, right: Money): -1 | 0 | 1 {
  sameCurrency(left, right);
  const difference = toNanos(left) - toNanos(right);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** The exact amount as a decimal string without trailing zeros: "19.99", "-0.25", "5". */
export function toDecimalString(money: Money): string {
  assertValid(money);
  const nanos = toNanos(money);
  const magnitude = nanos < 0n ? -nanos : nanos;
  const fraction = (magnitude % NANOS_PER_UNIT).toString().padStart(9, '0').replace(/0+$/, '');
  return `${nanos < 0n ? '-' : ''}${magnitude / NANOS_PER_UNIT}${fraction ? `.${fraction}` : ''}`;
}

/** Parses a decimal string with at most nine fractional digits ("19.99", "-0.25") into Money. */
export function fromDecimalString(currencyCode: string, text: string): Money {
  const match = DECIMAL.exec(text.trim());
  if (!match || !isCurrencyCode(currencyCode))
    throw invalidArgument(`"${text}" is not a decimal ${currencyCode} amount`);
  const [, minus, whole, fraction = ''] = match;
  const magnitude = BigInt(whole!) * NANOS_PER_UNIT + BigInt(fraction.padEnd(9, '0'));
  return fromNanos(currencyCode, minus ? -magnitude : magnitude);
}

const SYMBOLS: Record<string, string> = { USD: '$', CAD: '$', JPY: '¥', EUR: '€', TRY: '₺', GBP: '£' };

/**
 * The amount for display: symbol, units and two decimals, truncated as the original shop displays them
 * ("¥2235.06", "-$1.50"). Currencies without a symbol here show their code ("CHF 12.30").
 */
export function format(money: Money): string {
  assertValid(money);
  const nanos = toNanos(money);
  const magnitude = nanos < 0n ? -nanos : nanos;
  const cents = ((magnitude % NANOS_PER_UNIT) / 10_000_000n).toString().padStart(2, '0');
  const symbol = SYMBOLS[money.currencyCode] ?? `${money.currencyCode} `;
  return `${nanos < 0n ? '-' : ''}${symbol}${magnitude / NANOS_PER_UNIT}.${cents}`;
}
