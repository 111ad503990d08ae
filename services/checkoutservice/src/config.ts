import { readEnv } from '@boutique/kit';
import type { Addresses } from './gateways';

export interface Config {
  port: number;
  addresses: Addresses;
  /** How long product prices and conversions are reused, in ms (0: ask every time). */
  priceCacheTtlMs: number;
}

/** Reads the configuration once; every missing address is reported together. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Readonly<Config> {
  const read = readEnv(env);
  const config = {
    port: read.port('PORT', 5050),
    addresses: Object.freeze({
      shipping: read.required('SHIPPING_SERVICE_ADDR'),
      catalog: read.required('PRODUCT_CATALOG_SERVICE_ADDR'),
      cart: read.required('CART_SERVICE_ADDR'),
      currency: read.required('CURRENCY_SERVICE_ADDR'),
      email: read.required('EMAIL_SERVICE_ADDR'),
      payment: read.required('PAYMENT_SERVICE_ADDR'),
    }),
    priceCacheTtlMs: read.duration('PRICE_CACHE_TTL', 30_000),
  };
  read.done();
  return Object.freeze(config);
}
