/** A seeded source of uniform numbers in [0, 1); the same seed always gives the same sequence. */
export interface Random {
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** Creates a mulberry32 generator: 32 bits of state, fast, and good enough for choosing traffic. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** Derives an independent seed for stream `index` of `seed` (splitmix32), so each user has its own sequence. */
export function deriveSeed(seed: number, index: number): number {
  let z = (seed + Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Chooses among items in proportion to their weights; zero-weight items are never chosen. */
export function weightedPicker<T>(entries: readonly { item: T; weight: number }[]): (random: Random) => T {
  const live = entries.filter((entry) => entry.weight > 0);
  if (live.length === 0) throw new Error('at least one weight must be positive');
  const total = live.reduce((sum, entry) => sum + entry.weight, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const entry of live) {
    running += entry.weight;
    cumulative.push(running / total);
  }
  const items = live.map((entry) => entry.item);
  const last = items.length - 1;
  return (random) => {
    const u = random.next();
    for (let i = 0; i < last; i++) if (u < cumulative[i]!) return items[i]!;
    return items[last]!;
  };
}

/** The waiting time until the next arrival of a Poisson process with `ratePerMs` arrivals per millisecond. */
export function exponentialGapMs(random: Random, ratePerMs: number): number {
  return -Math.log(1 - random.next()) / ratePerMs;
}
