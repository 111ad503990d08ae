import type { Logger } from '@boutique/kit';
import type { Deps } from '../ports';
import { cartGateway } from './cart';
import { catalogGateway } from './catalog';
import { currencyGateway } from './currency';
import { emailGateway } from './email';
import { paymentGateway } from './payment';
import { shippingGateway } from './shipping';

/** Where the six dependencies listen (`host:port`). */
export interface Addresses {
  cart: string;
  catalog: string;
  currency: string;
  shipping: string;
  payment: string;
  email: string;
}

/** How long each downstream call may take, in milliseconds. */
export interface Deadlines {
  cart: number;
  catalog: number;
  currency: number;
  quote: number;
  charge: number;
  ship: number;
  email: number;
}

/**
 * The deadlines PlaceOrder's calls get. Reads and pricing answer in a few milliseconds when healthy,
 * so one second means "down or overloaded". Charge and ShipOrder move money and goods and are never
 * retried, so they get room for a slow provider rather than failing an order that may well have gone
 * through. The confirmation email may wait on an SMTP server, but the order is already placed, so it
 * gets a moderate bound.
 */
export const DEADLINES: Readonly<Deadlines> = Object.freeze({
  cart: 1_000,
  catalog: 1_000,
  currency: 1_000,
  quote: 1_000,
  charge: 5_000,
  ship: 5_000,
  email: 3_000,
});

/**
 * Checkout's dependencies as gRPC gateways. Product prices and conversions are reused for
 * `priceCacheMs` (PRICE_CACHE_TTL, 30 s by default): the frontend shows prices from a cache of the same
 * age, so the shopper is charged what they saw, and each order makes three fewer calls.
 */
export function grpcDeps(
  addresses: Addresses,
  log: Logger,
  { deadlines = DEADLINES, priceCacheMs }: { deadlines?: Readonly<Deadlines>; priceCacheMs: number },
): Deps {
  return {
    cart: cartGateway(addresses.cart, deadlines.cart),
    catalog: catalogGateway(addresses.catalog, deadlines.catalog, priceCacheMs),
    currency: currencyGateway(addresses.currency, deadlines.currency, { conversionCacheMs: priceCacheMs }),
    shipping: shippingGateway(addresses.shipping, deadlines.quote, deadlines.ship),
    payment: paymentGateway(addresses.payment, deadlines.charge),
    email: emailGateway(addresses.email, deadlines.email),
    log,
  };
}
