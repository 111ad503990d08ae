// What the recommendation service tells its traces: who asked (a hash of the user id), how many
// products were in view, and how many were recommended.
import { type SpanAttributeDeclarations, userHashAttribute } from '@boutique/kit';
import type { RecommendationServiceHandlers } from '@boutique/kit/generated/hipstershop/RecommendationService';

/** The attributes ListRecommendations adds to its server span. */
export const spanAttributes: SpanAttributeDeclarations<RecommendationServiceHandlers> = {
  ListRecommendations: ({ userId, productIds }, response) => ({
    ...userHashAttribute(userId),
    'app.products.count': productIds.length,
    'app.recommendations.count': response?.productIds?.length,
  }),
};
