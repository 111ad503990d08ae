import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom, deriveSeed, exponentialGapMs, weightedPicker } from './random';

/** Pearson's chi-square statistic of observed counts against expected counts. */
function chiSquare(observed: readonly number[], expected: readonly number[]): number {
  return observed.reduce((sum, o, i) => sum + (o - expected[i]!) ** 2 / expected[i]!, 0);
}

describe('createRandom', () => {
  it('the same seed → the same sequence; another seed → another one', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(
      Array.from({ length: 5 }, () => b.next()),
      seqA,
    );
    assert.notDeepEqual(
      Array.from({ length: 5 }, () => c.next()),
      seqA,
    );
  });

  it('int(min, max) covers both ends and nothing outside them', () => {
    const random = createRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(random.int(1, 10));
    assert.deepEqual(
      [...seen].sort((x, y) => x - y),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
  });

  it('derived seeds of neighbouring users differ', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(7, i)));
    assert.equal(seeds.size, 1000);
  });
});

describe('weightedPicker', () => {
  it('19,000 picks with the original weights pass a chi-square test at p = 0.001', () => {
    const weights = { index: 1, setCurrency: 2, browseProduct: 10, addToCart: 2, viewCart: 3, checkout: 1, logout: 0 };
    const pick = weightedPicker(Object.entries(weights).map(([item, weight]) => ({ item, weight })));
    const random = createRandom(2024);
    const counts = new Map<string, number>();
    for (let i = 0; i < 19_000; i++) {
      const name = pick(random);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    assert.equal(counts.get('logout'), undefined, 'a zero weight is never picked');
    const names = Object.keys(weights).filter((n) => n !== 'logout');
    const observed = names.map((n) => counts.get(n) ?? 0);
    const expected = names.map((n) => weights[n as keyof typeof weights] * 1000);
    // 5 degrees of freedom: the 0.999 quantile of chi-square(5) is 20.52.
    assert.ok(chiSquare(observed, expected) < 20.52, `observed ${observed} vs expected ${expected}`);
  });

  it('all weights zero → an error at construction', () => {
    assert.throws(() => weightedPicker([{ item: 'a', weight: 0 }]), /positive/);
  });
});

describe('exponentialGapMs', () => {
  it('gaps have mean 1/rate and a coefficient of variation of 1, as a Poisson process needs', () => {
    const random = createRandom(99);
    const n = 20_000;
    const gaps = Array.from({ length: n }, () => exponentialGapMs(random, 0.5));
    const mean = gaps.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / (n - 1));
    // The standard error of the mean is 2/sqrt(20000) = 0.014 ms: 4 of them is 0.057 ms.
    assert.ok(Math.abs(mean - 2) < 0.057, `mean ${mean}`);
    assert.ok(Math.abs(sd / mean - 1) < 0.04, `coefficient of variation ${sd / mean}`);
    assert.ok(gaps.every((g) => g >= 0));
  });
});
