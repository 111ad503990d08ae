import type { Logger, UnaryClient } from '@boutique/kit';
import type { Ad__Output } from '@boutique/kit/generated/hipstershop/Ad';
import type { AdServiceDefinition } from '@boutique/kit/generated/hipstershop/AdService';
import { optionalCallLog } from '../optional-call-log';

export type Ad = Ad__Output;

export interface AdGateway {
  /** One ad for the context (product categories), or undefined when there is none or the service failed. */
  chooseAd(contextKeys: readonly string[]): Promise<Ad | undefined>;
}

/** The frontend's view of the ad service: a short deadline, and a page never fails for it. */
export function adGateway(
  client: UnaryClient<AdServiceDefinition>,
  { deadlineMs, log, random = Math.random }: { deadlineMs: number; log: Logger; random?: () => number },
): AdGateway {
  const warn = optionalCallLog(log, 'ads unavailable');
  return {
    chooseAd: async (contextKeys) => {
      try {
        const { ads } = await client.GetAds({ contextKeys: [...contextKeys] }, { deadlineMs });
        // The original indexes ads[rand(len)] and panics when the list is empty.
        return ads.length === 0 ? undefined : ads[Math.floor(random() * ads.length)];
      } catch (err) {
        warn(err);
        return undefined;
      }
    },
  };
}
