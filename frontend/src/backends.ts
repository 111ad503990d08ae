import { createClient, hipstershop, type Logger } from '@boutique/kit';
import type { BackendAddrs } from './config';
import { type AdGateway, adGateway } from './gateways/ad';
import { type CartGateway, cartGateway } from './gateways/cart';
import { type CatalogGateway, catalogGateway } from './gateways/catalog';
import { type CheckoutGateway, checkoutGateway } from './gateways/checkout';
import { type CurrencyGateway, currencyGateway } from './gateways/currency';
import { type RecommendationGateway, recommendationGateway } from './gateways/recommendation';
import { type ShippingGateway, shippingGateway } from './gateways/shipping';
import { optionalCallLog } from './optional-call-log';

/** Everything the shop's pages need from the backend services. */
export interface Backends {
  readonly catalog: CatalogGateway;
  readonly currency: CurrencyGateway;
  readonly cart: CartGateway;
  readonly recommendations: RecommendationGateway;
  readonly shipping: ShippingGateway;
  readonly checkout: CheckoutGateway;
  readonly ads: AdGateway;
}

/** Per-call deadlines (ms) and cache lifetime; tests shorten them. */
export interface BackendTimings {
  /** Calls a page cannot do without: catalog, currency, cart, shipping. */
  readonly requiredMs: number;
  /** Placing an order (checkout calls six services in turn). */
  readonly checkoutMs: number;
  /** Optional: the page renders without recommendations after this. */
  readonly recommendationsMs: number;
  /** Optional: the page renders without an ad after this (the original's 100 ms). */
  readonly adsMs: number;
  /** How long catalog reads, the supported currencies and conversions are reused. */
  readonly cacheTtlMs: number;
  /** While the catalog is down, how long its last good answers keep the shop selling (0: never). */
  readonly catalogStaleIfErrorMs: number;
}

export const DEFAULT_TIMINGS: BackendTimings = Object.freeze({
  requiredMs: 2_000,
  checkoutMs: 10_000,
  recommendationsMs: 250,
  adsMs: 100,
  cacheTtlMs: 30_000,
  catalogStaleIfErrorMs: 5 * 60_000,
});

/** Gateways over real gRPC clients to the configured addresses. */
export function connectBackends(addrs: BackendAddrs, log: Logger, timings: BackendTimings = DEFAULT_TIMINGS): Backends {
  const required = { deadlineMs: timings.requiredMs };
  const cached = { ...required, cacheTtlMs: timings.cacheTtlMs };
  return {
    catalog: catalogGateway(createClient(hipstershop.ProductCatalogService, addrs.productCatalog), {
      ...cached,
      staleIfErrorMs: timings.catalogStaleIfErrorMs,
      onStale: optionalCallLog(log, 'catalog unavailable, serving its last good answers'),
    }),
    currency: currencyGateway(createClient(hipstershop.CurrencyService, addrs.currency), cached),
    cart: cartGateway(createClient(hipstershop.CartService, addrs.cart), required),
    recommendations: recommendationGateway(createClient(hipstershop.RecommendationService, addrs.recommendation), {
      deadlineMs: timings.recommendationsMs,
      log,
    }),
    shipping: shippingGateway(createClient(hipstershop.ShippingService, addrs.shipping), required),
    checkout: checkoutGateway(createClient(hipstershop.CheckoutService, addrs.checkout), {
      deadlineMs: timings.checkoutMs,
    }),
    ads: adGateway(createClient(hipstershop.AdService, addrs.ad), { deadlineMs: timings.adsMs, log }),
  };
}
