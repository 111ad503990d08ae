import { type BreakerOptions, createClient, hipstershop, type Logger } from '@boutique/kit';
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
  /**
   * Resolves once every backend a page or a checkout cannot do without (catalog, currency, cart,
   * shipping, checkout) can be reached; sends nothing. Rejects after the required-call deadline.
   */
  reachable(): Promise<void>;
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

/**
 * A page cannot do without these: after ten outage failures in a row the page answers 503 at once for
 * half a second, instead of every request waiting out its deadline, then one request probes. Ten,
 * because concurrent requests interleave: while the retry budget is spent (just after an outage), a
 * dependency failing a third of its calls would otherwise trip five in a row within seconds. The
 * cool-down runs while the channel reconnects (within a second), so it adds little to the shop's
 * recovery after a backend restart.
 */
export const REQUIRED_BREAKER: BreakerOptions = Object.freeze({ failureThreshold: 10, coolDownMs: 500 });

/** Ads and recommendations: pages drop the section, so give up on them sooner and for longer. */
export const OPTIONAL_BREAKER: BreakerOptions = Object.freeze({ failureThreshold: 5, coolDownMs: 1_000 });

/**
 * Gateways over real gRPC clients to the configured addresses. Reads are retried on UNAVAILABLE;
 * AddItem, EmptyCart and PlaceOrder are not, since a lost answer does not mean nothing happened.
 */
export function connectBackends(addrs: BackendAddrs, log: Logger, timings: BackendTimings = DEFAULT_TIMINGS): Backends {
  const required = { deadlineMs: timings.requiredMs };
  const cached = { ...required, cacheTtlMs: timings.cacheTtlMs };
  const breaker = REQUIRED_BREAKER;
  const clients = {
    catalog: createClient(hipstershop.ProductCatalogService, addrs.productCatalog, {
      retryable: ['ListProducts', 'GetProduct', 'SearchProducts'],
      breaker,
    }),
    currency: createClient(hipstershop.CurrencyService, addrs.currency, {
      retryable: ['GetSupportedCurrencies', 'Convert'],
      breaker,
    }),
    cart: createClient(hipstershop.CartService, addrs.cart, { retryable: ['GetCart'], breaker }),
    shipping: createClient(hipstershop.ShippingService, addrs.shipping, { retryable: ['GetQuote'], breaker }),
    checkout: createClient(hipstershop.CheckoutService, addrs.checkout, { breaker }),
  };
  return {
    catalog: catalogGateway(clients.catalog, {
      ...cached,
      staleIfErrorMs: timings.catalogStaleIfErrorMs,
      onStale: optionalCallLog(log, 'catalog unavailable, serving its last good answers'),
    }),
    currency: currencyGateway(clients.currency, cached),
    cart: cartGateway(clients.cart, required),
    recommendations: recommendationGateway(
      createClient(hipstershop.RecommendationService, addrs.recommendation, {
        retryable: ['ListRecommendations'],
        breaker: OPTIONAL_BREAKER,
      }),
      { deadlineMs: timings.recommendationsMs, log },
    ),
    shipping: shippingGateway(clients.shipping, required),
    checkout: checkoutGateway(clients.checkout, { deadlineMs: timings.checkoutMs }),
    ads: adGateway(
      createClient(hipstershop.AdService, addrs.ad, { retryable: ['GetAds'], breaker: OPTIONAL_BREAKER }),
      { deadlineMs: timings.adsMs, log },
    ),
    reachable: async () => {
      await Promise.all(Object.values(clients).map((client) => client.connected(required)));
    },
  };
}
