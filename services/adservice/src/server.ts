import { randomInt as cryptoRandomInt } from 'node:crypto';
import { hipstershop, type ServiceEntry, unary } from '@boutique/kit';
import type { AdServiceHandlers } from '@boutique/kit/generated/hipstershop/AdService';
import { adsFor, type RandomInt } from './ads';
import { spanAttributes } from './telemetry';

export interface AdDeps {
  /** Randomness for the fallback ads; tests inject a deterministic one. */
  randomInt?: RandomInt;
}

/** The AdService: category ads, or two random ones. It has no failure branch: any AdRequest gets ads. */
export function adService({ randomInt = cryptoRandomInt }: AdDeps = {}): ServiceEntry {
  const handlers: AdServiceHandlers = {
    GetAds: unary(({ contextKeys }) => ({ ads: adsFor(contextKeys, randomInt) }), {
      spanAttributes: spanAttributes.GetAds,
    }),
  };
  return { service: hipstershop.AdService.service, handlers };
}
