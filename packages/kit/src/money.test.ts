import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDomainError } from './errors';
import * as money from './money';

const usd = (units: number | string, nanos = 0): money.Money => ({ currencyCode: 'USD', units: String(units), nanos });
const INT64_MAX = 2n ** 63n - 1n;

const invalidArgument = (err: unknown) => isDomainError(err, 'INVALID_ARGUMENT');

// Any valid amount in one currency, with units across the whole int64 range.
const anyNanos = fc.bigInt({ min: -(INT64_MAX * 1_000_000_000n), max: INT64_MAX * 1_000_000_000n });
const anyMoney = anyNanos.map((nanos) => money.fromNanos('EUR', nanos));
// Amounts small enough that sums and small multiples stay in range.
const smallMoney = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }).map((nanos) => money.fromNanos('EUR', nanos));

describe('money.problemWith', () => {
  const cases: Array<[string, money.Money | null, string | undefined]> = [
    ['a positive amount', usd(19, 990_000_000), undefined],
    ['a negative amount', usd(-1, -750_000_000), undefined],
    ['a negative fraction', usd(0, -250_000_000), undefined],
    ['zero', usd(0, 0), undefined],
    ['the largest units', usd(INT64_MAX.toString(), 999_999_999), undefined],
    ['a missing amount', null, 'is missing'],
    ['nanos above range', usd(1, 1_000_000_000), 'has nanos 1000000000, outside [-999999999, 999999999]'],
    ['nanos below range', usd(-1, -1_000_000_000), 'has nanos -1000000000, outside [-999999999, 999999999]'],
    ['fractional nanos', usd(1, 0.5), 'has nanos 0.5, outside [-999999999, 999999999]'],
    ['positive units, negative nanos', usd(1, -1), 'has units and nanos of opposite signs'],
    ['negative units, positive nanos', usd(-1, 1), 'has units and nanos of opposite signs'],
    ['units beyond int64', usd((INT64_MAX + 1n).toString()), 'has units outside the int64 range'],
    ['units that are not an integer', usd('1.5'), 'has units "1.5", not an integer'],
    [
      'a lower-case code',
      { currencyCode: 'usd', units: '1', nanos: 0 },
      'has currency code "usd", not three upper-case letters',
    ],
    ['an empty code', { currencyCode: '', units: '1', nanos: 0 }, 'has currency code "", not three upper-case letters'],
  ];
  for (const [name, amount, expected] of cases) {
    it(`${name} → ${expected ?? 'valid'}`, () => assert.equal(money.problemWith(amount), expected));
  }

  it('assertValid names the field in its INVALID_ARGUMENT message', () => {
    assert.throws(() => money.assertValid(usd(1, -1), 'price'), {
      name: 'DomainError',
      kind: 'INVALID_ARGUMENT',
      message: 'price has units and nanos of opposite signs',
    });
  });
});

describe('money arithmetic', () => {
  const cases: Array<[string, () => money.Money, money.Money]> = [
    ['19.99 + 8.99 = 28.98', () => money.sum(usd(19, 990_000_000), usd(8, 990_000_000)), usd(28, 980_000_000)],
    ['0.50 + -1.75 = -1.25', () => money.sum(usd(0, 500_000_000), usd(-1, -750_000_000)), usd(-1, -250_000_000)],
    ['-0.25 + 0.25 = 0', () => money.sum(usd(0, -250_000_000), usd(0, 250_000_000)), usd(0, 0)],
    ['18.99 × 3 = 56.97', () => money.multiply(usd(18, 990_000_000), 3), usd(56, 970_000_000)],
    ['18.99 × 0 = 0 (the original treats 0 as 1)', () => money.multiply(usd(18, 990_000_000), 0), usd(0, 0)],
    ['-1.50 negated = 1.50', () => money.negate(usd(-1, -500_000_000)), usd(1, 500_000_000)],
    ['total of none = 0', () => money.total('USD', []), usd(0, 0)],
    ['total of three', () => money.total('USD', [usd(1, 10), usd(2, 20), usd(3, 30)]), usd(6, 60)],
  ];
  for (const [name, compute, expected] of cases) {
    it(name, () => assert.deepEqual(compute(), expected));
  }

  it('mixing currencies → INVALID_ARGUMENT naming both', () => {
    assert.throws(() => money.sum(usd(1), { currencyCode: 'EUR', units: '1', nanos: 0 }), {
      message: 'cannot combine USD and EUR amounts',
    });
  });

  it('a sum beyond int64 units → INVALID_ARGUMENT', () => {
    assert.throws(() => money.sum(usd(INT64_MAX.toString()), usd(1)), invalidArgument);
  });

  it('an invalid operand → INVALID_ARGUMENT', () => {
    assert.throws(() => money.sum(usd(1, -5), usd(1)), invalidArgument);
    assert.throws(() => money.multiply(usd(1), 1.5), invalidArgument);
  });

  it('compare orders amounts', () => {
    assert.equal(money.compare(usd(1), usd(2)), -1);
    assert.equal(money.compare(usd(2, 5), usd(2, 5)), 0);
    assert.equal(money.compare(usd(0, -1), usd(-1)), 1);
  });
});

describe('money decimal strings and display', () => {
  const cases: Array<[money.Money, string, string]> = [
    [usd(19, 990_000_000), '19.99', '$19.99'],
    [usd(5), '5', '$5.00'],
    [usd(0, -250_000_000), '-0.25', '-$0.25'],
    [usd(-1, -750_000_000), '-1.75', '-$1.75'],
    [usd(0, 1), '0.000000001', '$0.00'],
    [{ currencyCode: 'JPY', units: '2235', nanos: 60_592_707 }, '2235.060592707', '¥2235.06'],
    [{ currencyCode: 'EUR', units: '17', nanos: 682_441_398 }, '17.682441398', '€17.68'],
    [{ currencyCode: 'CHF', units: '12', nanos: 300_000_000 }, '12.3', 'CHF 12.30'],
  ];
  for (const [amount, decimal, display] of cases) {
    it(`${amount.units}/${amount.nanos} ${amount.currencyCode} ↔ "${decimal}", shown as "${display}"`, () => {
      assert.equal(money.toDecimalString(amount), decimal);
      assert.deepEqual(money.fromDecimalString(amount.currencyCode, decimal), amount);
      assert.equal(money.format(amount), display);
    });
  }

  for (const text of ['', '1.', '.5', '1.0000000001', '1e3', '+1', '1,50', 'abc']) {
    it(`"${text}" is not a decimal amount → INVALID_ARGUMENT`, () => {
      assert.throws(() => money.fromDecimalString('USD', text), invalidArgument);
    });
  }
});

describe('money properties', () => {
  it('a sum with its own negation is zero', () => {
    fc.assert(fc.property(anyMoney, (amount) => money.isZero(money.sum(amount, money.negate(amount)))));
  });

  it('every result keeps nanos in range and signed like units', () => {
    fc.assert(
      fc.property(smallMoney, smallMoney, fc.integer({ min: -1000, max: 1000 }), (left, right, quantity) => {
        for (const result of [money.sum(left, right), money.multiply(left, quantity), money.negate(right)]) {
          assert.equal(money.problemWith(result), undefined);
        }
      }),
    );
  });

  it('multiplying by n equals n sums', () => {
    fc.assert(
      fc.property(smallMoney, fc.integer({ min: 0, max: 50 }), (amount, n) => {
        const repeated = Array.from({ length: n }, () => amount);
        assert.deepEqual(money.multiply(amount, n), money.total('EUR', repeated));
      }),
    );
  });

  it('sum is commutative and associative', () => {
    fc.assert(
      fc.property(smallMoney, smallMoney, smallMoney, (a, b, c) => {
        assert.deepEqual(money.sum(a, b), money.sum(b, a));
        assert.deepEqual(money.sum(money.sum(a, b), c), money.sum(a, money.sum(b, c)));
      }),
    );
  });

  it('round-trips through decimal strings', () => {
    fc.assert(
      fc.property(anyMoney, (amount) => {
        assert.deepEqual(money.fromDecimalString('EUR', money.toDecimalString(amount)), amount);
      }),
    );
  });

  it('round-trips through nanos', () => {
    fc.assert(fc.property(anyNanos, (nanos) => money.toNanos(money.fromNanos('EUR', nanos)) === nanos));
  });
});
