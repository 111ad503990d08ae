import { randomInt as cryptoRandomInt } from 'node:crypto';
import { hipstershop, type ServiceEntry, unary } from '@boutique/kit';
import type { RecommendationServiceHandlers } from '@boutique/kit/generated/hipstershop/RecommendationService';
import { pickRecommendations, type RandomInt } from './recommend';
import { spanAttributes } from './telemetry';

export interface RecommendationDeps {
  /** The catalog's product ids (in production a CatalogCache over the catalog gateway). */
  catalog: { productIds(): Promise<readonly string[]> };
  /** Randomness for the pick; tests inject a deterministic one. */
  randomInt?: RandomInt;
}

/** The RecommendationService: up to five random catalog products the shopper is not already looking at. */
export function recommendationService({ catalog, randomInt = cryptoRandomInt }: RecommendationDeps): ServiceEntry {
  const handlers: RecommendationServiceHandlers = {
    // userId is ignored, as in the original.
    ListRecommendations: unary(
      async ({ productIds }) => ({
        productIds: pickRecommendations(await catalog.productIds(), productIds, randomInt),
      }),
      { spanAttributes: spanAttributes.ListRecommendations },
    ),
  };
  return { service: hipstershop.RecommendationService.service, handlers };
}
