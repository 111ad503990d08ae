import { randomInt as cryptoRandomInt } from 'node:crypto';
import { hipstershop, invalidArgument, type ServiceEntry, unary } from '@boutique/kit';
import type { ShippingServiceHandlers } from '@boutique/kit/generated/hipstershop/ShippingService';
import { quoteFor } from './quote';
import { spanAttributes } from './telemetry';
import { newTrackingId, type RandomInt } from './tracking';
import { checkBounds } from './validation';

export interface ShippingDeps {
  /** Randomness for tracking ids; tests inject a deterministic one. */
  randomInt?: RandomInt;
}

/** The ShippingService: flat-rate quotes and tracking ids. */
export function shippingService({ randomInt = cryptoRandomInt }: ShippingDeps = {}): ServiceEntry {
  const handlers: ShippingServiceHandlers = {
    GetQuote: unary(
      ({ address, items }) => {
        checkBounds(address, items);
        return { costUsd: quoteFor(items) };
      },
      { spanAttributes: spanAttributes.GetQuote },
    ),
    ShipOrder: unary(
      ({ address, items }) => {
        if (!address) throw invalidArgument('address is required'); // the original panics here
        checkBounds(address, items);
        return { trackingId: newTrackingId(address, randomInt) };
      },
      { spanAttributes: spanAttributes.ShipOrder },
    ),
  };
  return { service: hipstershop.ShippingService.service, handlers };
}
