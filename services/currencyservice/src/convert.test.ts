import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { isDomainError, type Money, money } from '@boutique/kit';
import fc from 'fast-check';
import { createConverter, divideRounded } from './convert';
import { loadRates } from './rates';

const converter = createConverter(loadRates());
const m = (currencyCode: string, units: string | number, nanos = 0): Money => ({
  currencyCode,
  units: String(units),
  nanos,
});
const CENT = 10_000_000n; // in nanos

describe('divideRounded', () => {
  const cases: [bigint, bigint, bigint][] = [
    [0n, 7n, 0n],
    [6n, 3n, 2n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [5n, 2n, 3n],
    [7n, 2n, 4n],
    [-1n, 3n, 0n],
    [-2n, 3n, -1n],
    [-5n, 2n, -3n],
    [-7n, 2n, -4n],
    [10n ** 30n + 1n, 2n, 5n * 10n ** 29n + 1n],
  ];
  for (const [numerator, denominator, expected] of cases) {
    it(`${numerator}/${denominator} → ${expected} (nearest, halves away from zero)`, () => {
      assert.equal(divideRounded(numerator, denominator), expected);
    });
  }
});

describe('convert: the original reference vectors, to the cent', () => {
  // USD price → [EUR, CAD, JPY, GBP, TRY] as units/nanos, computed by the original's algorithm.
  const TARGETS = ['EUR', 'CAD', 'JPY', 'GBP', 'TRY'];
  const VECTORS: [string, number, string[]][] = [
    ['19', 990_000_000, ['17/682441398', '26/749997346', '2235/60592707', '15/201594869', '108/299648830']],
    ['18', 990_000_000, ['16/797877046', '25/411828395', '2123/251658614', '14/441134896', '102/881957543']],
    ['109', 990_000_000, ['97/293233083', '147/185203007', '12297/864661691', '83/642992481', '595/891864663']],
    ['89', 990_000_000, ['79/601946042', '120/421823972', '10061/685979708', '68/433793012', '487/538038923']],
    ['24', 990_000_000, ['22/105263158', '33/440842105', '2794/105263171', '19/3894736', '135/388105263']],
    ['18', 490_000_000, ['16/355594870', '24/742743919', '2067/347191568', '14/60904909', '100/173111900']],
    ['5', 490_000_000, ['4/856258293', '7/346547545', '613/831048235', '4/174925254', '29/743125167']],
    ['8', 990_000_000, ['7/952233525', '12/30138876', '1005/162317560', '6/836535161', '48/705044670']],
  ];
  for (const [units, nanos, expected] of VECTORS) {
    expected.forEach((vector, i) => {
      const code = TARGETS[i]!;
      const [refUnits, refNanos] = vector.split('/');
      const reference = m(code, refUnits!, Number(refNanos));
      it(`USD ${units}.${String(nanos).slice(0, 2)} → ${code} ${vector} within a cent, same cents shown`, () => {
        const result = converter.convert(m('USD', units, nanos), code);
        assert.equal(result.currencyCode, code);
        const difference = money.toNanos(result) - money.toNanos(reference);
        assert.ok(difference > -CENT && difference < CENT, `off by ${difference} nanos`);
        assert.equal(money.format(result), money.format(reference));
      });
    });
  }

  it('USD 19.99 → USD is exact', () => {
    assert.deepEqual(converter.convert(m('USD', 19, 990_000_000), 'USD'), m('USD', 19, 990_000_000));
  });

  it('CHF 300 → EUR 264.084507042 (rounded to the nano)', () => {
    // 300 / 1.1360 = 264.0845070422535...
    assert.deepEqual(converter.convert(m('CHF', 300), 'EUR'), m('EUR', 264, 84_507_042));
  });

  it('USD 19.99 → EUR 17.682441398 (17.6824413976..., rounded up)', () => {
    assert.deepEqual(converter.convert(m('USD', 19, 990_000_000), 'EUR'), m('EUR', 17, 682_441_398));
  });

  it('USD -1.50 → EUR -1.326846528 (the original gives -4/-326846528)', () => {
    // -1.5 / 1.1305 = -1.32684652808...
    assert.deepEqual(converter.convert(m('USD', -1, -500_000_000), 'EUR'), m('EUR', -1, -326_846_528));
  });

  it('USD -0.50 → EUR: units 0 and negative nanos', () => {
    // -0.5 / 1.1305 = -0.44228217602...
    assert.deepEqual(converter.convert(m('USD', 0, -500_000_000), 'EUR'), m('EUR', 0, -442_282_176));
  });

  it('zero → zero in the target currency', () => {
    assert.deepEqual(converter.convert(m('JPY', 0), 'IDR'), m('IDR', 0));
  });

  it('the result rounds to the nearest nano', () => {
    // EUR → USD multiplies by 1.1305: 1 nano → 1.1305, 5 → 5.6525; EUR → IDR: 2 nanos → 31998.8.
    assert.deepEqual(converter.convert(m('EUR', 0, 1), 'USD'), m('USD', 0, 1));
    assert.deepEqual(converter.convert(m('EUR', 0, 5), 'USD'), m('USD', 0, 6));
    assert.deepEqual(converter.convert(m('EUR', 0, -5), 'USD'), m('USD', 0, -6));
    assert.deepEqual(converter.convert(m('EUR', 0, 2), 'IDR'), m('IDR', 0, 31_999));
    // PHP → EUR divides by 59.083: 1 nano → 0.0169.
    assert.deepEqual(converter.convert(m('PHP', 0, 1), 'EUR'), m('EUR', 0, 0));
  });

  it('an exact half nano rounds away from zero, both signs', () => {
    // JPY → EUR divides by 126.40: 316 nanos → exactly 2.5.
    assert.deepEqual(converter.convert(m('JPY', 0, 316), 'EUR'), m('EUR', 0, 3));
    assert.deepEqual(converter.convert(m('JPY', 0, -316), 'EUR'), m('EUR', 0, -3));
  });
});

describe('convert: bad input → INVALID_ARGUMENT naming the problem', () => {
  const cases: [string, Money | null, string, RegExp][] = [
    ['missing from', null, 'EUR', /from is missing/],
    ['lower-case from code', m('usd', 1), 'EUR', /from has currency code "usd"/],
    ['unknown from code', m('XYZ', 1), 'EUR', /from currency "XYZ" is not supported/],
    ['empty from code', m('', 1), 'EUR', /from has currency code ""/],
    ['lower-case to_code', m('USD', 1), 'eur', /to_code "eur" is not a currency code/],
    ['unknown to_code', m('USD', 1), 'XYZ', /to_code "XYZ" is not supported/],
    ['empty to_code', m('USD', 1), '', /to_code "" is not a currency code/],
    ['nanos above range', m('USD', 1, 1_000_000_000), 'EUR', /from has nanos 1000000000/],
    ['nanos below range', m('USD', -1, -1_000_000_000), 'EUR', /from has nanos -1000000000/],
    ['units and nanos of opposite signs', m('USD', 1, -5), 'EUR', /opposite signs/],
    ['units not an integer', m('USD', '1.5'), 'EUR', /from has units "1.5"/],
    ['units beyond int64', m('USD', '9223372036854775808'), 'EUR', /int64/],
    ['a result beyond int64 units', m('EUR', '9223372036854775807'), 'IDR', /in IDR does not fit int64 units/],
    ['a negative result beyond int64 units', m('EUR', '-9223372036854775808'), 'USD', /in USD does not fit int64/],
  ];
  for (const [name, from, toCode, message] of cases) {
    it(`${name} → INVALID_ARGUMENT`, () => {
      assert.throws(
        () => converter.convert(from, toCode),
        (err: unknown) => isDomainError(err, 'INVALID_ARGUMENT') && message.test(err.message),
      );
    });
  }
});

// A valid amount in any supported currency over the whole int64 range, or a bounded one.
const codes = fc.constantFrom(...converter.codes);
function moneyIn(code: fc.Arbitrary<string>, maxUnits: bigint): fc.Arbitrary<Money> {
  return fc
    .tuple(code, fc.bigInt(-maxUnits, maxUnits), fc.integer({ min: 0, max: 999_999_999 }))
    .map(([currencyCode, units, nanos]) => m(currencyCode, units.toString(), units < 0n ? -nanos : nanos));
}
const INT64_MAX = 2n ** 63n - 1n;

describe('convert: properties', () => {
  it('USD → X → USD comes back within a cent', () => {
    fc.assert(
      fc.property(moneyIn(fc.constant('USD'), 10n ** 12n), codes, (amount, code) => {
        const back = converter.convert(converter.convert(amount, code), 'USD');
        const difference = money.toNanos(back) - money.toNanos(amount);
        return difference > -CENT && difference < CENT;
      }),
    );
  });

  it('any valid amount → valid Money in the target currency, or INVALID_ARGUMENT for int64 overflow', () => {
    fc.assert(
      fc.property(moneyIn(codes, INT64_MAX), codes, (amount, code) => {
        try {
          const result = converter.convert(amount, code);
          return money.isValid(result) && result.currencyCode === code;
        } catch (err) {
          return isDomainError(err, 'INVALID_ARGUMENT') && /does not fit int64 units/.test(err.message);
        }
      }),
    );
  });

  it('amounts below a trillion units never overflow', () => {
    fc.assert(
      fc.property(moneyIn(codes, 10n ** 12n), codes, (amount, code) => money.isValid(converter.convert(amount, code))),
    );
  });

  it('converting to the same currency → the same amount', () => {
    fc.assert(
      fc.property(moneyIn(codes, INT64_MAX), (amount) =>
        isDeepStrictEqual(converter.convert(amount, amount.currencyCode), amount),
      ),
    );
  });

  it('negating the amount negates the result', () => {
    fc.assert(
      // 10^14 units: the largest factor between two currencies (GBP → IDR) is about 18,600, so every
      // result fits int64 and the property is never asked about an amount the service must refuse.
      fc.property(moneyIn(codes, 10n ** 14n), codes, (amount, code) => {
        const direct = money.toNanos(converter.convert(amount, code));
        const negated = money.toNanos(converter.convert(money.negate(amount), code));
        return direct === -negated;
      }),
    );
  });

  it('conversion preserves order', () => {
    fc.assert(
      fc.property(
        moneyIn(fc.constant('GBP'), 10n ** 9n),
        moneyIn(fc.constant('GBP'), 10n ** 9n),
        codes,
        (a, b, code) => {
          const [low, high] = money.compare(a, b) <= 0 ? [a, b] : [b, a];
          return money.compare(converter.convert(low, code), converter.convert(high, code)) <= 0;
        },
      ),
    );
  });

  it('the result is within half a nano of the exact value', () => {
    // Exact: amount × rate[to] / rate[from]; compare 2 × |result × D − amount × N| ≤ D.
    const { rates } = loadRates();
    fc.assert(
      fc.property(moneyIn(codes, 10n ** 12n), codes, (amount, code) => {
        const from = rates.get(amount.currencyCode)!;
        const to = rates.get(code)!;
        const numerator = money.toNanos(amount) * to.numerator * from.denominator;
        const denominator = from.numerator * to.denominator;
        const error = money.toNanos(converter.convert(amount, code)) * denominator - numerator;
        return 2n * (error < 0n ? -error : error) <= denominator;
      }),
    );
  });
});
