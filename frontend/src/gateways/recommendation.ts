import type { Logger, UnaryClient } from '@boutique/kit';
import type { RecommendationServiceDefinition } from '@boutique/kit/generated/hipstershop/RecommendationService';
import { optionalCallLog } from '../optional-call-log';

export interface RecommendationGateway {
  /** Ids of products to suggest (none of `productIds`), or undefined when the service failed: optional. */
  recommend(userId: string, productIds: readonly string[]): Promise<readonly string[] | undefined>;
}

/** The frontend's view of the recommendation service: short deadline, and a page never fails for it. */
export function recommendationGateway(
  client: UnaryClient<RecommendationServiceDefinition>,
  { deadlineMs, log }: { deadlineMs: number; log: Logger },
): RecommendationGateway {
  const warn = optionalCallLog(log, 'recommendations unavailable');
  return {
    recommend: async (userId, productIds) => {
      try {
        return (await client.ListRecommendations({ userId, productIds: [...productIds] }, { deadlineMs })).productIds;
      } catch (err) {
        warn(err);
        return undefined;
      }
    },
  };
}
