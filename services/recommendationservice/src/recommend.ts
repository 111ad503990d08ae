/** A uniformly random integer in [0, maxExclusive). */
export type RandomInt = (maxExclusive: number) => number;

/** How many products a recommendation lists at most (the original's 5). */
export const MAX_RECOMMENDATIONS = 5;

/**
 * Up to `max` distinct ids of `catalogIds` that are not in `inView`, drawn uniformly at random
 * without replacement and returned in random order (a partial Fisher–Yates shuffle).
 */
export function pickRecommendations(
  catalogIds: readonly string[],
  inView: readonly string[],
  randomInt: RandomInt,
  max = MAX_RECOMMENDATIONS,
): string[] {
  const excluded = new Set(inView);
  const candidates = [...new Set(catalogIds)].filter((id) => id !== '' && !excluded.has(id));
  const count = Math.min(max, candidates.length);
  for (let i = 0; i < count; i++) {
    const j = i + randomInt(candidates.length - i);
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  return candidates.slice(0, count);
}
