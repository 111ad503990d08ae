import { randomInt as cryptoRandomInt } from 'node:crypto';
import { hipstershop, requireMaxLength, type ServiceEntry, unary } from '@boutique/kit';
import type { RecommendationServiceHandlers } from '@boutique/kit/generated/hipstershop/RecommendationService';
import { pickRecommendations, type RandomInt } from './recommend';
import { spanAttributes } from './telemetry';

/** Longest ids accepted: the frontend's session ids are 36-character UUIDs, the catalog's product ids 10 characters. */
export const LIMITS = Object.freeze({ userId: 128, productId: 128 });

/** Checks the lengths of a ListRecommendations request's ids; INVALID_ARGUMENT names the field. */
function checkBounds(userId: string, productIds: readonly string[]): void {
  requireMaxLength('user_id', userId, LIMITS.userId);
  // How many ids there may be is left open: each is only looked up in a set, never stored or echoed.
  for (const [index, id] of productIds.entries()) requireMaxLength(`product_ids[${index}]`, id, LIMITS.productId);
}

export interface RecommendationDeps {
  /** The catalog's product ids (in production a CatalogCache over the catalog gateway). */
  catalog: { productIds(): Promise<readonly string[]> };
  /** Randomness for the pick; tests inject a deterministic one. */
  randomInt?: RandomInt;
}

/** The RecommendationService: up to five random catalog products the shopper is not already looking at. */
export function recommendationService({ catalog, randomInt = cryptoRandomInt }: RecommendationDeps): ServiceEntry {
  const handlers: RecommendationServiceHandlers = {
    // userId is otherwise ignored, as in the original.
    ListRecommendations: unary(
      async ({ userId, productIds }) => {
        checkBounds(userId, productIds);
        return { productIds: pickRecommendations(await catalog.productIds(), productIds, randomInt) };
      },
      { spanAttributes: spanAttributes.ListRecommendations },
    ),
  };
  return { service: hipstershop.RecommendationService.service, handlers };
}
