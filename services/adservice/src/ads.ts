/** A text ad and where it leads (the proto's Ad). */
export interface Ad {
  readonly redirectUrl: string;
  readonly text: string;
}

/** A uniformly random integer in [0, maxExclusive). */
export type RandomInt = (maxExclusive: number) => number;

const ad = (productId: string, text: string): Ad => Object.freeze({ redirectUrl: `/product/${productId}`, text });

/** The ads by category, as the original has them (categories beauty, home and tops have none). */
export const ADS_BY_CATEGORY: ReadonlyMap<string, readonly Ad[]> = new Map([
  ['clothing', [ad('66VCHSJNUP', 'Tank Top: light, breathable cotton for the warmest days.')]],
  ['accessories', [ad('1YMWWN1N4O', 'Watch: a quiet classic that goes with everything you own.')]],
  ['footwear', [ad('L9ECAV7KIM', 'Loafers: slip them on, step out, look sharp.')]],
  ['hair', [ad('2ZYFJ3GM2N', 'Hairdryer: salon-smooth hair at home, in minutes.')]],
  ['decor', [ad('0PUK6V6EV0', 'Candle Holder: warm light for long evenings in.')]],
  [
    'kitchen',
    [
      ad('9SIQT8TOJO', 'Bamboo Glass Jar: a tidy pantry starts with one good jar.'),
      ad('6E92ZMYYFZ', 'Mug: your morning coffee deserves a better cup.'),
    ],
  ],
]);

const ALL_ADS: readonly Ad[] = [...ADS_BY_CATEGORY.values()].flat();

/** How many context keys are looked at; the rest are ignored, so a huge request costs bounded work. */
export const MAX_CONTEXT_KEYS = 100;

/** How many ads a request without a matching key gets. */
export const RANDOM_AD_COUNT = 2;

/**
 * Every ad of the categories named in `contextKeys` (exact, case-sensitive), in the order the keys
 * name them, each category once; when no key matches, two different ads picked at random.
 */
export function adsFor(contextKeys: readonly string[], randomInt: RandomInt): Ad[] {
  // A category named twice contributes its ads once (the original repeats them): the response is
  // the set of ads relevant to the page, and a repeat would only skew the frontend's random pick.
  const categories = new Set(contextKeys.slice(0, MAX_CONTEXT_KEYS));
  const matched = [...categories].flatMap((category) => ADS_BY_CATEGORY.get(category) ?? []);
  return matched.length > 0 ? matched : randomAds(RANDOM_AD_COUNT, randomInt);
}

/** `count` different ads drawn uniformly at random (a partial Fisher–Yates shuffle). */
export function randomAds(count: number, randomInt: RandomInt): Ad[] {
  const pool = [...ALL_ADS];
  const picked = Math.min(count, pool.length);
  for (let i = 0; i < picked; i++) {
    const j = i + randomInt(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, picked);
}
