import { readEnv } from '@boutique/kit';

export interface Config {
  /** The gRPC port (the original's default, 8080). */
  readonly port: number;
  /** host:port of the product catalog service. */
  readonly productCatalogAddr: string;
  /** Deadline of each ListProducts call to the catalog, in milliseconds. */
  readonly catalogDeadlineMs: number;
  /** How long a fetched list of catalog ids is reused, in milliseconds; 0 fetches on every request. */
  readonly catalogCacheTtlMs: number;
}

/** Reads the configuration from an environment; throws one ConfigError naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const read = readEnv(env);
  const config = {
    port: read.port('PORT', 8080),
    productCatalogAddr: read.required('PRODUCT_CATALOG_SERVICE_ADDR'),
    catalogDeadlineMs: read.duration('CATALOG_TIMEOUT', 1_000),
    catalogCacheTtlMs: read.duration('CATALOG_CACHE_TTL', 30_000),
  };
  read.done();
  return Object.freeze(config);
}
