import { createClient, hipstershop, type Logger } from '@boutique/kit';
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
 * Checkout's dependencies as gateways over gRPC clients to `addresses`. Product prices and conversions
 * are reused for `priceCacheTtlMs` (PRICE_CACHE_TTL, 30 s by default): the frontend shows prices from a
 * cache of the same age, so the shopper is charged what they saw, and each order makes three fewer calls.
 */
export function connectDeps(
  addresses: Addresses,
  log: Logger,
  { deadlines = DEADLINES, priceCacheTtlMs }: { deadlines?: Readonly<Deadlines>; priceCacheTtlMs: number },
): Deps {
  return {
    cart: cartGateway(createClient(hipstershop.CartService, addresses.cart), { deadlineMs: deadlines.cart }),
    catalog: catalogGateway(createClient(hipstershop.ProductCatalogService, addresses.catalog), {
      deadlineMs: deadlines.catalog,
      cacheTtlMs: priceCacheTtlMs,
    }),
    currency: currencyGateway(createClient(hipstershop.CurrencyService, addresses.currency), {
      deadlineMs: deadlines.currency,
      conversionCacheTtlMs: priceCacheTtlMs,
    }),
    shipping: shippingGateway(createClient(hipstershop.ShippingService, addresses.shipping), {
      quoteDeadlineMs: deadlines.quote,
      shipDeadlineMs: deadlines.ship,
    }),
    payment: paymentGateway(createClient(hipstershop.PaymentService, addresses.payment), {
      deadlineMs: deadlines.charge,
    }),
    email: emailGateway(createClient(hipstershop.EmailService, addresses.email), { deadlineMs: deadlines.email }),
    log,
  };
}
